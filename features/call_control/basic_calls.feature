Feature: Basic calls
  The free basic call services: make a call, answer the ringing call, leave the call
  (o2g-rest-api-reference.txt L2505-2640). They need no licence.

  @op:telephony.basiccall.make @op:telephony.basiccall.answer @user
  @event:OnCallCreated @event:OnCallModified @event:OnUserStateModified
  Scenario: A user calls another user with a basic call and the callee answers it
    Given user A listens to "telephony" events
    And user B listens to "telephony" events
    When user A makes a basic call to user B
    Then the answer is 201 with the location of the new basic call
    And user A sees a new call to user B RINGING_OUTGOING
    And user A becomes BUSY
    And user B sees a new call from user A RINGING_INCOMING
    And user B becomes BUSY
    When user B answers with a basic answer
    Then the answer is 204 with no body
    And user B sees the call from user A ACTIVE
    And user A sees the call to user B ACTIVE

  @op:telephony.basiccall.make @op:telephony.basiccall.answer @user @event:OnCallCreated @event:OnCallModified
  Scenario: Without auto-answer the caller's own set rings first, then the callee is called
    Given user A listens to "telephony" events
    And user B listens to "telephony" events
    When user A makes a basic call to user B without auto-answer
    Then the answer is 201 with the location of the new basic call
    And user A sees a new call to user B RINGING_INCOMING
    And user A becomes BUSY
    When user A answers with a basic answer
    Then the answer is 204 with no body
    And user A sees the call to user B RINGING_OUTGOING
    And user B sees a new call from user A RINGING_INCOMING
    And user B becomes BUSY

  @op:telephony.basiccall.make @admin @event:OnCallCreated
  Scenario: An administrator calls from a set not associated to a user and gets 204
    Given user B listens to "telephony" events
    When the administrator makes a basic call from the desk-sharing set to user B
    Then the answer is 204 with no body
    And user B sees a new call from the desk-sharing set RINGING_INCOMING
    And user B becomes BUSY

  @op:telephony.basiccall.dropme @op:telephony.basiccall.make @op:telephony.basiccall.answer @user
  @event:OnCallRemoved @event:OnUserStateModified
  Scenario: A user leaves a two-party call with a basic dropme: the call is released for both
    Given user A listens to "telephony" events
    And user B listens to "telephony" events
    When user A makes a basic call to user B
    And user B answers with a basic answer
    Then user A sees a new call to user B ACTIVE
    And user B sees a new call from user A ACTIVE
    And user A becomes BUSY
    And user B becomes BUSY
    When user A leaves its call with a basic dropme
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause CLEARED
    And user A becomes FREE
    And user B sees the call with user A removed, cause CLEARED
    And user B becomes FREE

  @op:telephony.basiccall.make @negative
  Scenario Outline: A basic call to a number outside the dial plan is refused
    When user A makes a basic call to the number "<number>"
    Then the answer is the error <type> with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DESTINATION

    Examples: malformed, and well formed but unassigned (basicCall lists no 404, L2505-2551)
      | number | type          |
      | 70x21  | BAD_PARAMETER |
      | 79999  | NOT_FOUND     |

  @op:telephony.basiccall.make @negative
  Scenario: A user cannot make a basic call from another user's device
    When user A makes a basic call to user C from user B's device
    Then the answer is the error NOT_ALLOWED with status 403
    And the telephony error is UNAUTHORIZED caused by INVALID_DEVICE

  @op:telephony.basiccall.answer @negative
  Scenario: A basic answer without a ringing call is refused
    When user B answers with a basic answer
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE

  @op:telephony.basiccall.dropme @negative
  Scenario: A basic dropme without a call is refused
    When user A leaves its call with a basic dropme
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE
