@licence:ROXE_API_TEL_ADVANCED
Feature: Transfer, conference and call routing
  Consultation and blind transfer, conference by merge, reconnect, redirect, overflow to the voice mail,
  park and unpark (o2g-rest-api-reference.txt L2951-2985, L3199-3306, L3382-3464, L3516-3560,
  L3666-3700, L3959-3999). When two calls become one, the surviving callRef replaces the other for
  the users who had it: OnCallModified with previousCallRef and no OnCallRemoved (L5654-5655).

  @op:telephony.calls.transfer @op:telephony.calls.hold @op:telephony.calls.make @op:telephony.calls.answer @user
  @event:OnCallRemoved @event:OnCallModified @event:OnUserStateModified
  Scenario: A consultation call then a transfer leaves the held party with the consulted party
    Given users A, B and C listen to telephony events
    And user A is in a call with user B
    When user A puts the call with user B on hold
    Then the answer is 204 with no body
    And user A sees the call with user B HELD, able to retrieve and unable to answer
    When user A calls user C
    Then the answer is 201 with the location of the new call
    And user A sees a new call to user C RINGING_OUTGOING
    And user C sees a new call from user A RINGING_INCOMING
    And user C becomes BUSY
    When user C answers the call from user A
    Then the answer is 204 with no body
    And user C sees the call from user A ACTIVE
    And user A sees the call with user C ACTIVE, able to transfer
    And user A sees the call with user B HELD, able to reconnect
    When user A transfers its held call with user B to its call with user C
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause TRANSFERRED
    And user A sees the call with user C removed, cause TRANSFERRED
    And user A becomes FREE
    And user B sees the call with user C ACTIVE, cause TRANSFERRED
    And user C sees the call with user B ACTIVE, cause TRANSFERRED, replacing its call with user A

  @op:telephony.calls.transfer @user @event:OnCallModified
  Scenario: A transfer while the consulted party still rings lets the held party hear it ring
    Given users A, B and C listen to telephony events
    And user A is in a call with user B
    And user A has put the call with user B on hold
    And user A has called user C
    When user A transfers its held call with user B to its call with user C
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause TRANSFERRED
    And user A sees the call with user C removed, cause TRANSFERRED
    And user A becomes FREE
    And user B sees the call with user C RINGING_OUTGOING, cause TRANSFERRED
    And user C sees the call with user B RINGING_INCOMING, cause TRANSFERRED, replacing its call with user A
    When user C answers the call from user B
    Then the answer is 204 with no body
    And user C sees the call with user B ACTIVE
    And user B sees the call with user C ACTIVE

  @negative
  Scenario Outline: Transfer and merge need the user's active call and another, held call
    Given user A is in a call with user B
    When user A <action>
    Then the answer is the error <type> with status <status>
    And the telephony error is <error> caused by <cause>

    @op.telephony.calls.transfer
    Examples: an unknown held call, and the active call named twice (L524-527)
      | action                                                                   | type          | status | error                    | cause           |
      | transfers an unknown held call to its call with user B                   | NOT_FOUND     | 404    | CALL_REFERENCE_NOT_FOUND | INVALID_CALL_ID |

    @op.telephony.calls.merge
    Examples: an unknown held call, and the active call named twice (L524-527)
      | action                                                                   | type          | status | error                    | cause           |
      | merges its call with user B and an unknown held call                     | NOT_FOUND     | 400    | CALL_REFERENCE_NOT_FOUND | INVALID_CALL_ID |
      | merges its call with user B and its held call with user B                | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE      | INVALID_DATA    |

  @op:telephony.calls.merge @op:telephony.calls.participants.drop @user
  @event:OnCallModified @event:OnCallRemoved
  Scenario: A conference made by merge goes on when one participant is dropped
    Given users A, B and C listen to telephony events
    And user A is in a call with user B
    And user A has put the call with user B on hold
    And user A is in a call with user C
    When user A merges its call with user C and its held call with user B
    Then the answer is 204 with no body
    And user A sees the call with users B and C ACTIVE, cause CONFERENCED, replacing its call with user B
    And user B sees the call with users A and C ACTIVE, cause CONFERENCED, replacing its call with user A
    And user C sees the call with users A and B ACTIVE, cause CONFERENCED
    When user A drops user B from the call with users B and C
    Then the answer is 204 with no body
    And user B sees the call with users A and C removed, cause CLEARED
    And user B becomes FREE
    And user A sees the call with user C ACTIVE, cause PARTICIPANT_LEFT
    And user C sees the call with user A ACTIVE, cause PARTICIPANT_LEFT

  @op:telephony.calls.merge @user @event:OnCallModified
  Scenario: Participants of a conference made by merge carry no state, since none of them rang (L6094-6095)
    Given users A, B and C listen to telephony events
    And user A is in a call with user B
    And user A has put the call with user B on hold
    And user A is in a call with user C
    When user A merges its call with user C and its held call with user B
    Then the answer is 204 with no body
    And user A sees the call with users B and C ACTIVE, cause CONFERENCED, replacing its call with user B
    And the participants in user A's last call event carry no state
    And user B sees the call with users A and C ACTIVE, cause CONFERENCED, replacing its call with user A
    And the participants in user B's last call event carry no state
    And user C sees the call with users A and B ACTIVE, cause CONFERENCED
    And the participants in user C's last call event carry no state

  @op:telephony.calls.dropme @op:telephony.calls.merge @user @event:OnCallModified @event:OnCallRemoved
  Scenario: A participant who leaves a conference leaves the others together
    Given users A, B and C listen to telephony events
    And user A is in a call with user B
    And user A has put the call with user B on hold
    And user A is in a call with user C
    And user A has merged its call with user C and its held call with user B
    When user C leaves the call with users A and B
    Then the answer is 204 with no body
    And user C sees the call with users A and B removed, cause CLEARED
    And user C becomes FREE
    And user A sees the call with user B ACTIVE, cause PARTICIPANT_LEFT
    And user B sees the call with user A ACTIVE, cause PARTICIPANT_LEFT

  @op:telephony.calls.blindtransfer @user @event:OnCallRemoved @event:OnCallCreated @event:OnCallModified
  Scenario: A blind transfer hands the other party over to a third user without consultation
    Given users A, B and C listen to telephony events
    And user A is in a call with user B
    When user A blind-transfers the call with user B to user C
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause TRANSFERRED
    And user A becomes FREE
    And user B sees the call with user C RINGING_OUTGOING, cause TRANSFERRED
    And user C sees a new call from user B RINGING_INCOMING, cause TRANSFERRED
    And user C becomes BUSY
    When user C answers the call from user B
    Then the answer is 204 with no body
    And user C sees the call with user B ACTIVE
    And user B sees the call with user C ACTIVE

  @op:telephony.calls.blindtransfer @negative
  Scenario Outline: A blind transfer to an unreachable destination is refused
    Given user C is in a call with user D
    And user A is in a call with user B
    When user A blind-transfers the call with user B to <target>
    Then the answer is the error <type> with status 400
    And the telephony error is <error> caused by <cause>

    Examples:
      | target             | type         | error               | cause               |
      | user C             | NOT_EXPECTED | CALL_SERVER_ERROR   | RESOURCE_BUSY       |
      | the number "79999" | NOT_FOUND    | BAD_PARAMETER_VALUE | INVALID_DESTINATION |

  @op:telephony.calls.reconnect @user @event:OnCallRemoved @event:OnCallModified
  Scenario: Reconnect cancels the consultation call and retrieves the held call
    Given users A, B and C listen to telephony events
    And user A is in a call with user B
    And user A has put the call with user B on hold
    And user A has called user C
    When user A reconnects to its held call with user B, releasing its call with user C
    Then the answer is 204 with no body
    And user A sees the call with user C removed, cause NOT_ANSWERED
    And user C sees the call with user A removed, cause ABANDONED
    And user C becomes FREE
    And user A sees the call with user B ACTIVE

  @op:telephony.calls.reconnect @negative
  Scenario: Reconnect needs a held call
    Given user A is in a call with user B
    And user A has called user C
    When user A reconnects to its held call with user C, releasing its call with user B
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE

  @op:telephony.calls.redirect @user @event:OnCallRemoved @event:OnCallCreated
  Scenario: A ringing call is redirected to another user
    Given users A, B and C listen to telephony events
    And user A has called user B
    When user B redirects the call from user A to user C
    Then the answer is 204 with no body
    And user B sees the call with user A removed, cause REDIRECTED, new destination user C
    And user B becomes FREE
    And user A sees the call with user C RINGING_OUTGOING, cause REDIRECTED
    And user C sees a new call from user A RINGING_INCOMING, cause REDIRECTED
    And user C becomes BUSY

  @op:telephony.calls.redirect @user @event:OnCallRemoved
  Scenario: A ringing call is redirected to the user's voice mail
    Given users A and B listen to telephony events
    And user A has called user B
    When user B redirects the call from user A to the voice mail
    Then the answer is 204 with no body
    And user B sees the call with user A removed, cause REDIRECTED, new destination the voice mail
    And user B becomes FREE
    And user A sees the call with the voice mail ACTIVE, cause REDIRECTED

  @op:telephony.calls.redirect @negative
  Scenario Outline: A redirection that cannot be done is refused
    Given user C is in a call with user E
    And user A has called user <callee>
    When user <callee> redirects the call from user A to <target>
    Then the answer is the error <type> with status <status>
    And the telephony error is <error> caused by <cause>

    Examples: no voice mail (L531), a busy destination, a number outside the dial plan
      | callee | target             | type           | status | error               | cause               |
      | D      | the voice mail     | SERVER_PROBLEM | 503    | SERVICE_UNAVAILABLE | UNKNOWN             |
      | B      | user C             | NOT_EXPECTED   | 400    | CALL_SERVER_ERROR   | RESOURCE_BUSY       |
      | B      | the number "79999" | NOT_FOUND      | 404    | BAD_PARAMETER_VALUE | INVALID_DESTINATION |

  @op:telephony.calls.redirect @negative
  Scenario: Only an incoming ringing call is redirected
    Given user A is in a call with user B
    When user B redirects the call from user A to user C
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE

  @op:telephony.calls.overflowtovoicemail @user @event:OnCallRemoved @event:OnCallModified
  Scenario: A caller sends its ringing call to the called user's voice mail
    Given users A and B listen to telephony events
    And user A has called user B
    When user A overflows its call to user B to the voice mail
    Then the answer is 204 with no body
    And user B sees the call with user A removed, cause OVERFLOWN
    And user B becomes FREE
    And user A sees the call with the voice mail ACTIVE, cause OVERFLOWN

  @op:telephony.calls.overflowtovoicemail @negative
  Scenario Outline: Overflow to the voice mail needs a ringing call to a user with a voice mail
    Given user A <setup>
    When user A overflows its call to user <callee> to the voice mail
    Then the answer is the error <type> with status <status>
    And the telephony error is <error> caused by <cause>

    Examples: the called user has no voice mail (L531), the call is already answered
      | setup                    | callee | type           | status | error                   | cause                    |
      | has called user D        | D      | SERVER_PROBLEM | 503    | SERVICE_UNAVAILABLE     | UNKNOWN                  |
      | is in a call with user B | B      | NOT_EXPECTED   | 400    | INCOMPATIBLE_WITH_STATE | INVALID_CONNECTION_STATE |

  @op:telephony.calls.park @op:telephony.devices.unpark @user @needs-control:phone
  @event:OnCallRemoved @event:OnCallCreated
  Scenario: An external call parked on the user's own set is taken back by another user
    Given users A and B listen to telephony events
    And the external party is in a call with user A
    When user A parks the call with the external party
    Then the answer is 204 with no body
    And user A sees the call with the external party removed, cause PARKED
    And user A becomes FREE
    When user B unparks the call parked on user A's device
    Then the answer is 204 with no body
    And user B sees a new call with the external party ACTIVE
    And user B becomes BUSY

  @op:telephony.calls.park @op:telephony.devices.unpark @user @needs-control:phone @event:OnCallCreated
  Scenario: An external call parked on another user's set is taken there
    Given users A and B listen to telephony events
    And the external party is in a call with user A
    When user A parks the call with the external party on user B's device
    Then the answer is 204 with no body
    And user A sees the call with the external party removed, cause PARKED
    And user A becomes FREE
    When user B unparks the call parked on its device
    Then the answer is 204 with no body
    And user B sees a new call with the external party ACTIVE
    And user B becomes BUSY

  @op:telephony.calls.park @negative
  Scenario: Only external calls are parked (L3274)
    Given user A is in a call with user B
    When user A parks the call with user B
    Then the answer is the error NOT_SUPPORTED with status 400
    And the telephony error is SERVICE_NOT_PROVIDED caused by UNKNOWN

  @op:telephony.devices.unpark @negative
  Scenario: There is nothing to unpark when no call is parked
    When user B unparks the call parked on user A's device
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE
