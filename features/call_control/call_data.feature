@licence:ROXE_API_TEL_ADVANCED
Feature: Data on calls
  Associated data given when a call is made or attached later, DTMF, account info and recording
  (o2g-rest-api-reference.txt L2904-2948, L3467-3513, L3603-3663, L5370-5458, L6283-6300).

  @op:telephony.calls.make @user @event:OnCallCreated
  Scenario: Associated data given with a new call reach the called user
    Given users A and B listen to telephony events
    When user A calls user B with associatedData "order-42"
    Then the answer is 201 with the location of the new call
    And user B sees a new call from user A RINGING_INCOMING
    And user B's last call event carries the associated data "order-42"
    And user B becomes BUSY
    And user A sees a new call to user B RINGING_OUTGOING
    And user A becomes BUSY

  @op:telephony.calls.make @user
  Scenario: A business call is made with its business code
    When user A calls user B with businessCode "0124"
    Then the answer is 201 with the location of the new call

  @op:telephony.calls.make @negative
  Scenario Outline: Make call parameters that the usage profiles exclude are bad parameter values
    When user A calls user B with <fields>
    Then the answer is the error BAD_PARAMETER with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DATA

    Examples: profiles *1-*3 (L5407-5433) and the 32-byte limit of associated data (L521)
      | fields                                        |
      | associatedData of 33 bytes                    |
      | associatedData "x" and businessCode "0124"    |
      | pin "01222"                                   |
      | businessCode "12ab"                           |

  @op:telephony.calls.attachdata @user @event:OnCallModified
  Scenario Outline: Data attached to a call are seen by both parties
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user A attaches the <kind> "<value>" to the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE
    And user A's last call event carries the <kind> "<value>"
    And user B sees the call with user A ACTIVE
    And user B's last call event carries the <kind> "<value>"

    Examples:
      | kind                        | value    |
      | associated data             | order-42 |
      | hexadecimal associated data | f3f40201 |

  @op:telephony.calls.attachdata @negative
  Scenario Outline: Associated data the OXE cannot carry are refused
    Given user A is in a call with user B
    When user A attaches <data> to the call with user B
    Then the answer is the error BAD_PARAMETER with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DATA

    # Byte 00 is not authorized by OXE (L5392, L6295), although the examples at L2747 and L2946 send it.
    Examples:
      | data                                              |
      | 33 bytes of associated data                       |
      | the hexadecimal associated data "f1f200a0b3"      |
      | the hexadecimal associated data "f3g4"            |

  @op:telephony.calls.senddtmf @user
  Scenario: A user sends DTMF digits in its active call
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user A sends the DTMF digits "12*#" in the call with user B
    Then the answer is 204 with no body

  @op:telephony.calls.senddtmf @negative
  Scenario Outline: DTMF digits are sent only as DTMF codes in an active call
    Given user A <setup>
    When user A sends the DTMF digits "<digits>" in the call with user B
    Then the answer is the error <type> with status 400
    And the telephony error is <error> caused by <cause>

    Examples:
      | setup                    | digits | type          | error                   | cause                    |
      | is in a call with user B | 12X    | BAD_PARAMETER | BAD_PARAMETER_VALUE     | INVALID_DATA             |
      | has called user B        | 1234   | NOT_EXPECTED  | INCOMPATIBLE_WITH_STATE | INVALID_CONNECTION_STATE |

  @op:telephony.calls.sendaccountinfo @user @event:OnCallModified
  Scenario: The account info of a call is seen by both parties
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user A sends the account info "4711" for the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE
    And user A's last call event carries the account info "4711"
    And user B sees the call with user A ACTIVE
    And user B's last call event carries the account info "4711"

  @op:telephony.calls.sendaccountinfo @negative
  Scenario: The account info must be a transaction code of digits (L3629)
    Given user A is in a call with user B
    When user A sends the account info "47a1" for the call with user B
    Then the answer is the error BAD_PARAMETER with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DATA

  @op:telephony.calls.recording @user @event:OnCallModified
  Scenario: A user records a call, pauses, resumes and stops the recording
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user A starts recording the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE, able to pauseRecord
    And user A's last call event carries the record state "RECORDING"
    And user B sees the call with user A ACTIVE
    And user B's last call event carries no record state
    When user A pauses recording the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE, able to resumeRecord
    And user A's last call event carries the record state "PAUSED"
    When user A resumes recording the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE, able to pauseRecord
    And user A's last call event carries the record state "RECORDING"
    When user A stops recording the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE, able to startRecord
    And user A's last call event carries no record state
    And user B sees the call with user A ACTIVE, able to startRecord

  @op:telephony.calls.recording @negative
  Scenario Outline: Recording that cannot be done is refused
    Given user <who> <setup>
    When user <who> <action> recording the call with user B
    Then the answer is the error <type> with status <status>
    And the telephony error is <error> caused by <cause>

    Examples: a user without voice mail (L532), no active leg (L517), a wrong action, a wrong state
      | who | setup                    | action            | type           | status | error                   | cause                    |
      | D   | is in a call with user B | starts            | SERVER_PROBLEM | 503    | SERVICE_UNAVAILABLE     | UNKNOWN                  |
      | A   | has called user B        | starts            | NOT_FOUND      | 400    | LEG_NOT_FOUND           | INVALID_CONNECTION_STATE |
      | A   | is in a call with user B | asks to "rewind"  | BAD_PARAMETER  | 400    | BAD_PARAMETER_VALUE     | INVALID_DATA             |
      | A   | is in a call with user B | pauses            | NOT_EXPECTED   | 400    | INCOMPATIBLE_WITH_STATE | INVALID_CONNECTION_STATE |
