Feature: Phone Set Programming: devices, add-ons and who may read them
  A user manages the states of its own devices; an administrator names the user it acts for
  (o2g-rest-api-reference.txt L9715-9900; Device, Devices, AddonType L10538-10580).

  @op:phoneset.devices.list @user
  Scenario: A user lists its phone sets
    When user A lists its phone sets
    Then the answer is 200 with a Devices body
    And the devices include those of user A

  @op:phoneset.devices.list @admin
  Scenario: An administrator lists the devices of the user it names
    When the administrator lists user B's phone sets
    Then the answer is 200 with a Devices body
    And the devices include those of user B

  @op:phoneset.devices.list @user @negative
  Scenario: A user cannot list the devices of another user
    # The service "allows a user to manage its device states" (L9717): its own.
    When user A lists user B's phone sets
    Then the answer is the error NOT_ALLOWED with status 403

  @op:phoneset.devices.list @admin @negative
  Scenario: The devices of an unknown user are not found
    When the administrator lists an unknown user's phone sets
    Then the answer is the error NOT_FOUND with status 404

  @op:phoneset.devices.get @user
  Scenario: A user reads one of its devices
    When user A reads the description of its phone
    Then the answer is 200 with a Device body
    And the description is that of user A's phone

  @op:phoneset.devices.get @admin
  Scenario: An administrator reads a device of the user it names
    When the administrator reads the description of user C's phone
    Then the answer is 200 with a Device body
    And the description is that of user C's phone

  @op:phoneset.devices.addons.get @user
  Scenario: A user reads the add-on modules of its phone
    When user A reads the add-ons of its phone
    Then the answer is 200 with an Addons body

  @user @negative
  Scenario Outline: A set the user does not own is not found
    When user A reads the <what> of a set it does not own
    Then the answer is the error NOT_FOUND with status 404

    @op.phoneset.devices.get
    Examples:
      | what        |
      | description |

    @op.phoneset.devices.addons.get
    Examples:
      | what        |
      | add-ons     |

  @user @negative
  Scenario Outline: A user cannot reach the sets of another user
    When user A reads the <what> of user B's phone
    Then the answer is the error NOT_ALLOWED with status 403

    @op.phoneset.devices.get
    Examples:
      | what        |
      | description |

    @op.phoneset.devices.addons.get
    Examples:
      | what        |
      | add-ons     |

  @op:phoneset.devices.get @admin @negative
  Scenario: A set of an unknown user is not found
    When the administrator reads the description of a set of an unknown user
    Then the answer is the error NOT_FOUND with status 404
