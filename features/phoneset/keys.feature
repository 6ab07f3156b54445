Feature: Phone Set Programming: programmable keys and soft keys
  A user lists the keys of its set, programs a free key with a number and erases it; the programmed keys
  are the subset of the programmable keys that hold something. Every key a scenario changes is set back
  when it ends (o2g-rest-api-reference.txt L10147-10425; ProgrammeableKey L10619-10630, SoftKey
  L10637-10652).

  @op:phoneset.devices.programmeablekeys.list @user
  Scenario: A user lists the programmable keys of its set, free ones included
    When user A reads the programmable keys of its phone
    Then the answer is 200 with a ProgrammeableKeys body
    And every key is listed once by its position

  @op:phoneset.devices.programmedkeys.list @user
  Scenario: The programmed keys are programmable keys that hold something
    When user A reads the programmed keys of its phone
    Then the answer is 200 with a ProgrammeableKeys body
    And the keys listed are programmed keys among the programmable keys of user A's phone

  @user @negative
  Scenario Outline: The keys of a set the user does not own are not found
    When user A reads the <keys> of a set it does not own
    Then the answer is the error NOT_FOUND with status 404

    @op.phoneset.devices.programmeablekeys.list
    Examples:
      | keys              |
      | programmable keys |

    @op.phoneset.devices.programmedkeys.list
    Examples:
      | keys              |
      | programmed keys   |

    @op.phoneset.devices.softkeys.list
    Examples:
      | keys              |
      | soft keys         |

  @op:phoneset.devices.programmedkeys.list @admin @negative
  Scenario: The programmed keys of a set of an unknown user are not found
    When the administrator reads the programmed keys of a set of an unknown user
    Then the answer is the error NOT_FOUND with status 404

  @op:phoneset.devices.programmeablekeys.set @op:phoneset.devices.programmedkeys.list @user @destructive
  Scenario: A user programs a free key of its set
    When user A programs a free key of its phone with user B's phone number
    Then the answer is 204 with no body
    And the programmed keys of the set include that key

  @op:phoneset.devices.programmeablekeys.delete @op:phoneset.devices.programmedkeys.list @user @destructive
  Scenario: A user erases a key it programmed
    Given user A has programmed a free key of its phone with user B's phone number
    When user A erases that key
    Then the answer is 204 with no body
    And the programmed keys of the set no longer include that key

  @op:phoneset.devices.programmeablekeys.set @user @destructive @negative
  Scenario: The position of the path must be the position of the key
    # "MUST be the same value that the key object attribute one" (L10203).
    When user A programs a free key of its phone with a body naming another position
    Then the answer is the error BAD_PARAMETER with status 400
    And the key at that position is unchanged

  @user @negative
  Scenario Outline: A key position the set does not have is not found
    When user A <request> the key at a position its phone does not have
    Then the answer is the error NOT_FOUND with status 404

    @op.phoneset.devices.programmeablekeys.set
    Examples:
      | request  |
      | programs |

    @op.phoneset.devices.programmeablekeys.delete
    Examples:
      | request  |
      | erases   |

  @op:phoneset.devices.programmeablekeys.delete @user @negative
  Scenario: A key position must be a number
    When user A erases the key at position "three" of its phone
    Then the answer is the error BAD_PARAMETER with status 400

  @user @destructive @negative
  Scenario Outline: A key the administrator locked is not the user's to change
    # ProgrammeableKey.locked "Is the key locked" (L10625).
    When user A <request> the locked key of its phone
    Then the answer is the error NOT_ALLOWED with status 403
    And the key at that position is unchanged

    @op.phoneset.devices.programmeablekeys.set
    Examples:
      | request  |
      | programs |

    @op.phoneset.devices.programmeablekeys.delete
    Examples:
      | request  |
      | erases   |

  @op:phoneset.devices.softkeys.list @user
  Scenario: A user lists the soft keys of its set
    # SoftKeys names its list "skeys" (L10647, JSON example L10649); the method example answers
    # "softkeys" (L10342): the table is followed.
    When user A reads the soft keys of its phone
    Then the answer is 200 with a SoftKeys body
    And every soft key is listed once by its position

  @op:phoneset.devices.softkeys.set @op:phoneset.devices.softkeys.list @user @destructive
  Scenario: A user programs a free soft key of its set
    When user A programs a free soft key of its phone with user B's phone number
    Then the answer is 204 with no body
    And the soft keys of the set include that soft key

  @op:phoneset.devices.softkeys.delete @op:phoneset.devices.softkeys.list @user @destructive
  Scenario: A user erases a soft key it programmed
    Given user A has programmed a free soft key of its phone with user C's phone number
    When user A erases that soft key
    Then the answer is 204 with no body
    And the soft keys of the set no longer include that soft key

  @op:phoneset.devices.softkeys.set @user @destructive @negative
  Scenario: The position of the path must be the position of the soft key
    # "MUST be the same value that the key object attribute one" (L10359).
    When user A programs a free soft key of its phone with a body naming another position
    Then the answer is the error BAD_PARAMETER with status 400
    And the soft key at that position is unchanged

  @user @negative
  Scenario Outline: A soft key position the set does not have is not found
    When user A <request> the soft key at a position its phone does not have
    Then the answer is the error NOT_FOUND with status 404

    @op.phoneset.devices.softkeys.set
    Examples:
      | request  |
      | programs |

    @op.phoneset.devices.softkeys.delete
    Examples:
      | request  |
      | erases   |

  @op:phoneset.devices.softkeys.set @user @negative
  Scenario: A user cannot program the soft keys of another user's set
    When user A programs the soft key at position "1" of user B's phone
    Then the answer is the error NOT_ALLOWED with status 403
