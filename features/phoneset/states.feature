Feature: Phone Set Programming: remote extension, lock, camp-on and associate
  A user activates its remote extension, locks its set, sets camp-on and its associate, and reads them
  back in the remote extension state and the dynamic state; each state is restored when the scenario
  ends (o2g-rest-api-reference.txt L9801-10060; DynamicState L10584-10589, REActivationState L10632-10635).

  @op:phoneset.devices.reactive.set @op:phoneset.devices.reactivestate.get @user
  Scenario: A user activates and deactivates the remote extension of its set
    # REActivationState names its field "active" (L10635); the example answers "activate" (L9872): the
    # table is followed.
    When user A activates the remote extension of its remote extension set
    Then the answer is 204 with no body
    And the remote extension of user A's remote extension set is active
    When user A deactivates the remote extension of its remote extension set
    Then the answer is 204 with no body
    And the remote extension of user A's remote extension set is inactive

  @op:phoneset.devices.reactivestate.get @admin
  Scenario: An administrator reads the remote extension state of a user's set
    Given user B has activated the remote extension of its phone
    When the administrator reads the remote extension state of user B's phone
    Then the answer is 200 with a REActivationState body
    And the remote extension of user B's phone is active

  @user @negative
  Scenario Outline: "activate" must say true or false
    # "activation or deactivation" (L9811, L9960, L10035): without a boolean the request says nothing.
    When user A sets the <state> of its phone with the query "<query>"
    Then the answer is the error BAD_PARAMETER with status 400

    @op.phoneset.devices.reactive.set
    Examples:
      | state            | query          |
      | remote extension |                |
      | remote extension | activate=maybe |

    @op.phoneset.devices.lock.set
    Examples:
      | state            | query          |
      | lock             | activate       |
      | lock             | activate=1     |

    @op.phoneset.devices.campon.set
    Examples:
      | state            | query          |
      | camp-on          | activate=on    |
      | camp-on          |                |

  @user @negative
  Scenario Outline: The states of a set the user does not own are not found
    When user A reads the <what> of a set it does not own
    Then the answer is the error NOT_FOUND with status 404

    @op.phoneset.devices.reactivestate.get
    Examples:
      | what                   |
      | remote extension state |

    @op.phoneset.devices.dynamicstate.get
    Examples:
      | what                   |
      | dynamic state          |

  @op:phoneset.devices.lock.set @op:phoneset.devices.dynamicstate.get @user
  Scenario: A user locks and unlocks its set
    When user A locks its phone
    Then the answer is 204 with no body
    And the dynamic state of user A's phone reads lock on
    When user A unlocks its phone
    Then the answer is 204 with no body
    And the dynamic state of user A's phone reads lock off

  @op:phoneset.devices.campon.set @op:phoneset.devices.dynamicstate.get @user
  Scenario: A user activates and deactivates camp-on on its set
    # The example's title says "activate the lock" although it calls /campon (L9982-9983).
    When user A activates camp-on on its phone
    Then the answer is 204 with no body
    And the dynamic state of user A's phone reads camp-on on
    When user A deactivates camp-on on its phone
    Then the answer is 204 with no body
    And the dynamic state of user A's phone reads camp-on off

  @user @negative
  Scenario Outline: A user cannot change the states of another user's set
    When user A <request> user B's phone
    Then the answer is the error NOT_ALLOWED with status 403

    @op.phoneset.devices.lock.set
    Examples:
      | request                                |
      | locks                                  |

    @op.phoneset.devices.campon.set
    Examples:
      | request                                |
      | activates camp-on on                   |

    @op.phoneset.devices.reactive.set
    Examples:
      | request                                |
      | activates the remote extension of      |

  @op:phoneset.devices.lock.set @admin
  Scenario: An administrator locks the set of the user it names
    When the administrator locks user C's phone
    Then the answer is 204 with no body
    And the dynamic state of user C's phone reads lock on

  @op:phoneset.devices.dynamicstate.get @user
  Scenario: A user reads the dynamic state of its set
    # The example calls ".../dynamicstate" (L10018); the resource is "dynamicState" (L9985): the resource's
    # spelling is sent.
    When user A reads the dynamic state of its phone
    Then the answer is 200 with a DynamicState body

  @op:phoneset.devices.dynamicstate.get @admin @negative
  Scenario: The dynamic state of a set of an unknown user is not found
    When the administrator reads the dynamic state of a set of an unknown user
    Then the answer is the error NOT_FOUND with status 404

  @op:phoneset.devices.associate.set @user @destructive
  Scenario: A user sets the associate of its set
    When user A sets the associate of its phone to user B's phone number
    Then the answer is 204 with no body
    And the associate of user A's phone is user B's phone number

  @op:phoneset.devices.associate.set @user @destructive @negative
  Scenario: An associate that is not a phone number is a bad parameter
    When user A sets the associate of its phone to "call me"
    Then the answer is the error BAD_PARAMETER with status 400
    And the associate of user A's phone is unchanged

  @op:phoneset.devices.associate.set @user @negative
  Scenario: A user cannot set the associate of another user's set
    When user A sets the associate of user B's phone to user C's phone number
    Then the answer is the error NOT_ALLOWED with status 403
