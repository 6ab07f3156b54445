Feature: Phone Set Programming: PIN
  A user reads and sets the PIN of its set; the PIN that was there is set back when the scenario ends
  (o2g-rest-api-reference.txt L10060-10147; Pin L10592-10611).

  @op:phoneset.devices.pin.get @user
  Scenario: A user reads the PIN of its set
    When user A reads the PIN of its phone
    Then the answer is 200 with a Pin body

  @op:phoneset.devices.pin.get @admin
  Scenario: An administrator reads the PIN of the set of the user it names
    When the administrator reads the PIN of user B's phone
    Then the answer is 200 with a Pin body

  @op:phoneset.devices.pin.get @user @negative
  Scenario: The PIN of a set the user does not own is not found
    When user A reads the PIN of a set it does not own
    Then the answer is the error NOT_FOUND with status 404

  @op:phoneset.devices.pin.set @op:phoneset.devices.pin.get @user @destructive
  Scenario: A user sets the PIN of its set and reads it back with the documented types
    # Pin types With_Secret_Code boolean and Pin_Group int (L10605, L10611); the examples write "TRUE"
    # and "1" (L10098-10100): the read-back is checked against the table.
    When user A sets a PIN on its phone
    Then the answer is 204 with no body
    And the PIN of user A's phone is the one set

  @op:phoneset.devices.pin.set @user @destructive
  Scenario: The PIN body of the reference's example is accepted
    When user A sets a PIN on its phone as the reference's example writes it
    Then the answer is 204 with no body
    And the PIN of user A's phone is the one set

  @op:phoneset.devices.pin.set @user @destructive @negative
  Scenario Outline: A PIN that breaks the PBX configuration is a bad parameter
    # "The number of digits must agree with the PBX configuration" (L10604); the control types (L10606-10610).
    When user A sets a PIN on its phone with <what>
    Then the answer is the error BAD_PARAMETER with status 400
    And the PIN of user A's phone is unchanged

    Examples:
      | what                                |
      | 30 digits                           |
      | the control type "PIN_Everywhere"   |

  @op:phoneset.devices.pin.set @user @negative
  Scenario: A user cannot set the PIN of another user's set
    When user A sets a PIN on user B's phone
    Then the answer is the error NOT_ALLOWED with status 403
