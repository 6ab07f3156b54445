@licence:ROXE_API_TEL_ADVANCED
Feature: Call-back requests and mini messages
  A caller asks the called user to call back, during the call or from an idle set; the called user
  lists and deletes the requests. Users send mini messages, read once, last in first out
  (o2g-rest-api-reference.txt L2988-3019, L4194-4436).

  @op:telephony.calls.callback @op:telephony.incomingcallbacks.list @op:telephony.incomingcallbacks.delete
  @op:telephony.calls.make @op:telephony.calls.answer @user @event:OnCallRemoved @event:OnCallCreated
  Scenario: A call-back request made while the callee rings is answered later
    Given users A and B listen to telephony events
    And user A has called user B
    When user A asks user B to call back during their call
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause NOT_ANSWERED
    And user A becomes FREE
    And user B sees the call with user A removed, cause ABANDONED
    And user B becomes FREE
    When user B lists its call-back requests
    Then the answer is 200 with a Callbacks body
    And the call-back requests listed are from user A
    When user B calls user A
    Then the answer is 201 with the location of the new call
    And user B sees a new call to user A RINGING_OUTGOING
    And user B becomes BUSY
    And user A sees a new call from user B RINGING_INCOMING
    And user A becomes BUSY
    When user A answers the call from user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE
    And user B sees the call with user A ACTIVE
    When user B deletes the call-back request from user A
    Then the answer is 204 with no body
    When user B lists its call-back requests
    Then the call-back requests listed are none

  @op:telephony.calls.callback @user @event:OnCallRemoved
  Scenario: A caller who finds the called user busy asks to be called back
    Given users A and B listen to telephony events
    And user B is in a call with user C
    And user A has called user B
    When user A asks user B to call back during their call
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause BUSY
    And user A becomes FREE
    When user B lists its call-back requests
    Then the call-back requests listed are from user A

  @op:telephony.calls.callback @negative
  Scenario: A call-back is asked only while the callee rings or is busy
    Given user A is in a call with user B
    When user A asks user B to call back during their call
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE

  @op:telephony.outgoingcallbacks.request @op:telephony.incomingcallbacks.list @op:telephony.calls.make
  @user @needs-control:clock @needs-control:phone @event:OnCallRemoved
  Scenario: A caller whose call was not answered asks from its idle set to be called back
    Given users A and B listen to telephony events
    And user B's set gives up ringing after 30 seconds
    And user A has called user B
    When 30 virtual seconds pass
    Then user A sees the call with user B removed, cause NOT_ANSWERED
    And user A becomes FREE
    And user B sees the call with user A removed, cause NOT_ANSWERED
    And user B becomes FREE
    When user A asks user B to call back
    Then the answer is 204 with no body
    When user B lists its call-back requests
    Then the answer is 200 with a Callbacks body
    And the call-back requests listed are from user A

  @op:telephony.outgoingcallbacks.request @negative
  Scenario Outline: A call-back is asked of another user of the PBX
    When user A asks <callee> to call back
    Then the answer is the error BAD_PARAMETER with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by <cause>

    Examples:
      | callee             | cause               |
      | the number "79999" | INVALID_DESTINATION |
      | itself             | INVALID_DATA        |

  @op:telephony.incomingcallbacks.deleteall @op:telephony.incomingcallbacks.list @user
  Scenario: A user deletes all its call-back requests
    Given user A has asked user B to call back
    And user C has asked user B to call back
    When user B lists its call-back requests
    Then the call-back requests listed are from user A and user C
    When user B deletes all its call-back requests
    Then the answer is 204 with no body
    When user B lists its call-back requests
    Then the call-back requests listed are none

  @op:telephony.incomingcallbacks.delete @negative
  Scenario: Deleting an unknown call-back request is a bad parameter value (no 404 is listed, L4297-4328)
    Given user A has asked user B to call back
    When user B deletes the call-back request unknown
    Then the answer is the error BAD_PARAMETER with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DATA

  @op:telephony.minimessages.send @op:telephony.minimessages.get @user
  Scenario: Mini messages are read once each, the last one first
    When user A sends the mini message "Call me at 3" to user B
    Then the answer is 204 with no body
    When user C sends the mini message "Lunch?" to user B
    Then the answer is 204 with no body
    When user B reads its mini message
    Then the answer is 200 with a MiniMessage body
    And the mini message is "Lunch?" from user C
    When user B reads its mini message
    Then the answer is 200 with a MiniMessage body
    And the mini message is "Call me at 3" from user A

  @op:telephony.minimessages.get @negative
  Scenario: Once every mini message is read, reading answers 400 (L4331-4334)
    Given user A has sent the mini message "Call me at 3" to user B
    When user B reads its mini message
    Then the answer is 200 with a MiniMessage body
    When user B reads its mini message
    Then the answer is the error NOT_FOUND with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by UNKNOWN

  @op:telephony.minimessages.send @negative
  Scenario Outline: A mini message that cannot be sent is refused
    When user A sends <message> to <recipient>
    Then the answer is the error BAD_PARAMETER with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by <cause>

    Examples: at most 128 characters (L4368), to the number of a user
      | message                          | recipient          | cause               |
      | a mini message of 129 characters | user B             | INVALID_DATA        |
      | the mini message "Hello"         | the number "79999" | INVALID_DESTINATION |
