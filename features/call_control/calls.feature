@licence:ROXE_API_TEL_ADVANCED
Feature: Calls
  Making, answering, holding, retrieving, alternating and releasing calls, and reading them: calls, legs
  and participants (o2g-rest-api-reference.txt L2645-3196, L3025-3130, L3309-3417, L3563-3600).

  @op:telephony.calls.make @op:telephony.calls.answer @user
  @event:OnCallCreated @event:OnCallModified @event:OnUserStateModified
  Scenario: A user calls another user, who answers through the API
    Given users A and B listen to telephony events
    When user A calls user B
    Then the answer is 201 with the location of the new call
    And user A sees a new call to user B RINGING_OUTGOING
    And user A becomes BUSY
    And user B sees a new call from user A RINGING_INCOMING
    And user B becomes BUSY
    When user B answers the call from user A
    Then the answer is 204 with no body
    And user B sees the call from user A ACTIVE
    And user A sees the call to user B ACTIVE

  @op:telephony.calls.make @op:telephony.calls.answer @user @event:OnCallModified
  Scenario: Without auto-answer the caller answers its own ringing set first
    Given users A and B listen to telephony events
    When user A calls user B without auto-answer
    Then the answer is 201 with the location of the new call
    And user A sees a new call to user B RINGING_INCOMING
    And user A becomes BUSY
    When user A answers the call to user B
    Then the answer is 204 with no body
    And user A sees the call to user B RINGING_OUTGOING
    And user B sees a new call from user A RINGING_INCOMING
    And user B becomes BUSY

  @op:telephony.calls.make @user @event:OnCallCreated
  Scenario: A user with two devices calls from its second device
    Given users A and B listen to telephony events
    When user A calls user B from its second device
    Then the answer is 201 with the location of the new call
    And user A sees a new call to user B RINGING_OUTGOING on its second device
    And user A becomes BUSY
    And user B sees a new call from user A RINGING_INCOMING
    And user B becomes BUSY

  @op:telephony.calls.make @user @event:OnCallCreated @event:OnCallModified
  Scenario: A call to a user already in conversation fails with the busy tone, which the busy user never sees
    Given user B is in a call with user C
    And users A and B listen to telephony events
    When user A calls user B
    Then the answer is 201 with the location of the new call
    And user A sees a new call to user B RELEASING, cause BUSY
    And user A becomes BUSY

  @op:telephony.calls.make @negative
  Scenario Outline: A call that cannot be made is refused with a telephony error
    When user A calls <callee>
    Then the answer is the error <type> with status <status>
    And the telephony error is <error> caused by <cause>

    Examples:
      | callee                        | type          | status | error               | cause               |
      | the number "70x21"            | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE | INVALID_DESTINATION |
      | the number "79999"            | NOT_FOUND     | 404    | BAD_PARAMETER_VALUE | INVALID_DESTINATION |
      | user C from user B's device   | NOT_ALLOWED   | 403    | UNAUTHORIZED        | INVALID_DEVICE      |

  @op:telephony.calls.make @negative
  Scenario: A user whose lines are all engaged cannot make another call
    Given user A is in a call with user B
    And user A has put the call with user B on hold
    And user A is in a call with user C
    When user A calls user D
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is CALL_SERVER_ERROR caused by RESOURCE_BUSY

  @op:telephony.calls.make @user @needs-control:phone @event:OnCallModified @event:OnCallRemoved
  Scenario: A user calls the external party, who answers and later hangs up
    Given user A listens to telephony events
    When user A calls the external party
    Then the answer is 201 with the location of the new call
    And user A sees a new call to the external party RINGING_OUTGOING
    And user A becomes BUSY
    When the external party answers
    Then user A sees the call with the external party ACTIVE
    When the external party hangs up
    Then user A sees the call with the external party removed, cause CLEARED
    And user A becomes FREE

  @op:telephony.calls.answer @user @needs-control:phone @event:OnCallCreated
  Scenario: An external party calls a user, who answers through the API
    Given user A listens to telephony events
    When the external party calls user A
    Then user A sees a new call from the external party RINGING_INCOMING
    And user A becomes BUSY
    When user A answers the call from the external party
    Then the answer is 204 with no body
    And user A sees the call with the external party ACTIVE

  @op:telephony.calls.make @user @needs-control:phone @event:OnCallModified
  Scenario: The called person lifts the handset, and the caller hangs up the handset later
    Given users A and B listen to telephony events
    And user A has called user B
    When user B lifts the handset
    Then user B sees the call with user A ACTIVE
    And user A sees the call with user B ACTIVE
    When user A hangs up the handset
    Then user A sees the call with user B removed, cause CLEARED
    And user A becomes FREE
    And user B sees the call with user A removed, cause CLEARED
    And user B becomes FREE

  @op:telephony.calls.answer @user @needs-control:phone @event:OnCallCreated
  Scenario: A call dialled on the set itself is seen through the API and answered there
    Given users A and B listen to telephony events
    When the person at user A's set dials user B
    Then user A sees a new call to user B RINGING_OUTGOING
    And user A becomes BUSY
    And user B sees a new call from user A RINGING_INCOMING
    And user B becomes BUSY
    When user B answers the call from user A
    Then the answer is 204 with no body
    And user B sees the call with user A ACTIVE
    And user A sees the call with user B ACTIVE

  @op:telephony.calls.make @user @needs-control:phone @needs-control:clock @event:OnCallModified
  Scenario: A set that answers after a few seconds takes the call on the virtual clock
    Given users A and B listen to telephony events
    And user B's set answers after 5 seconds
    And user A has called user B
    When 5 virtual seconds pass
    Then user B sees the call with user A ACTIVE
    And user A sees the call with user B ACTIVE

  @op:telephony.calls.make @user @needs-control:phone @event:OnCallModified
  Scenario: A call to a set that answers busy fails with cause BUSY
    Given user A listens to telephony events
    And user B's set is busy
    When user A calls user B
    Then the answer is 201 with the location of the new call
    And user A sees a new call to user B RELEASING, cause BUSY
    And user A becomes BUSY

  @op:telephony.calls.list @user
  Scenario: A user lists its calls in progress
    Given user A has called user B
    When user A lists its calls
    Then the answer is 200 with a Calls body
    And the answer lists the call of user A with user B RINGING_OUTGOING
    When user C lists its calls
    Then the answer is 200 with a Calls body
    And the answer lists no call

  @op:telephony.calls.list @admin
  Scenario: An administrator lists the calls of a user by its login name
    Given user A is in a call with user B
    When the administrator lists the calls of user B
    Then the answer is 200 with a Calls body
    And the answer lists the call of user B with user A ACTIVE

  @op:telephony.calls.get @user
  Scenario: A user gets one of its calls
    Given user A is in a call with user B
    When user B gets the call with user A
    Then the answer is 200 with a Call body
    And the answer is the call of user B with user A ACTIVE

  @op:telephony.calls.get @negative
  Scenario: A user cannot get another user's call
    Given user A is in a call with user B
    When user C gets the call of user A with user B
    Then the answer is the error NOT_FOUND with status 404
    And the telephony error is CALL_REFERENCE_NOT_FOUND caused by INVALID_CALL_ID

  @op:telephony.calls.release @user @event:OnCallRemoved @event:OnUserStateModified
  Scenario: Hanging up a call releases every party
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user B hangs up the call with user A
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause CLEARED
    And user A becomes FREE
    And user B sees the call with user A removed, cause CLEARED
    And user B becomes FREE

  @op:telephony.calls.release @user @event:OnCallRemoved
  Scenario: A caller who hangs up before the answer abandons the call
    Given users A and B listen to telephony events
    And user A has called user B
    When user A hangs up the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause NOT_ANSWERED
    And user A becomes FREE
    And user B sees the call with user A removed, cause ABANDONED
    And user B becomes FREE

  @op:telephony.calls.hold @op:telephony.calls.retrieve @user @event:OnCallModified
  Scenario: A user puts a call on hold and retrieves it
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user A puts the call with user B on hold
    Then the answer is 204 with no body
    And user A sees the call with user B HELD, able to retrieve and unable to answer
    When user A retrieves the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE

  @op:telephony.calls.answer @user @event:OnCallModified
  Scenario: Answering a held call retrieves it
    Given users A and B listen to telephony events
    And user A is in a call with user B
    And user A has put the call with user B on hold
    When user A answers the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE

  @op:telephony.calls.alternate @user @event:OnCallModified
  Scenario: A user alternates between a held call and its active call
    Given users A, B and C listen to telephony events
    And user A is in a call with user B
    And user A has put the call with user B on hold
    And user A is in a call with user C
    When user A alternates to the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user C HELD, able to reconnect
    And user A sees the call with user B ACTIVE

  @negative
  Scenario Outline: A call service the call's state does not allow is refused
    Given user A <setup>
    When user <who> <action>
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE

    @op.telephony.calls.hold
    Examples:
      | setup                  | who | action                                 |
      | has called user B      | B   | puts the call with user A on hold      |

    @op.telephony.calls.retrieve @op.telephony.calls.answer
    Examples:
      | setup                  | who | action                                 |
      | is in a call with user B | A | retrieves the call with user B         |

    @op.telephony.calls.answer
    Examples:
      | setup                  | who | action                                 |
      | is in a call with user B | B | answers the call from user A           |

    @op.telephony.calls.alternate @op.telephony.calls.answer
    Examples:
      | setup                  | who | action                                 |
      | is in a call with user B | A | alternates to the call with user B     |

  @op:telephony.calls.devicelegs.list @op:telephony.calls.devicelegs.get @user
  Scenario: A user reads its legs in a call
    Given user A is in a call with user B
    When user A gets the legs of the call with user B
    Then the answer is 200 with a Legs body
    And the answer lists the leg of user A's first device ACTIVE
    When user A gets the leg of its first device in the call with user B
    Then the answer is 200 with a Leg body
    And the answer is the leg of user A's first device ACTIVE

  @op:telephony.calls.devicelegs.get @negative
  Scenario: A device without a leg in the call has no leg to get
    Given user A is in a call with user B
    When user A gets the leg of its second device in the call with user B
    Then the answer is the error NOT_FOUND with status 404
    And the telephony error is LEG_NOT_FOUND caused by INVALID_CONNECTION_STATE

  @op:telephony.calls.devicelegs.switch @user @event:OnCallModified
  Scenario: A user moves its call to its other device
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user A switches the call with user B to its second device
    Then the answer is 204 with no body
    And user A sees the call with user B ACTIVE on its second device

  @op:telephony.calls.devicelegs.switch @negative
  Scenario: A call cannot be moved to another user's device
    Given user A is in a call with user B
    When user A switches the call with user B to user C's first device
    Then the answer is the error NOT_ALLOWED with status 403
    And the telephony error is UNAUTHORIZED caused by INVALID_DEVICE

  @op:telephony.calls.participants.list @op:telephony.calls.participants.get @user
  Scenario: A user reads the participants of its call
    Given user A is in a call with user B
    When user A gets the participants of the call with user B
    Then the answer is 200 with a Participants body
    And the participants listed are user B
    When user A gets the participant user B of the call with user B
    Then the answer is 200 with a Participant body
    And the answer is the participant user B

  @op:telephony.calls.participants.get @negative
  Scenario: An unknown participant is not found
    Given user A is in a call with user B
    When user A gets the participant unknown to the call of the call with user B
    Then the answer is the error NOT_FOUND with status 404
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DATA

  @op:telephony.calls.participants.drop @user @event:OnCallRemoved
  Scenario: Dropping the other party of a two-party call releases it
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user A drops user B from the call with user B
    Then the answer is 204 with no body
    And user A sees the call with user B removed, cause CLEARED
    And user A becomes FREE
    And user B sees the call with user A removed, cause CLEARED
    And user B becomes FREE

  @op:telephony.calls.participants.drop @negative
  Scenario: Dropping an unknown participant is a bad parameter value (L522)
    Given user A is in a call with user B
    When user A drops a participant unknown to the call from the call with user B
    Then the answer is the error BAD_PARAMETER with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DATA

  @negative
  Scenario Outline: An operation on an unknown call reference is refused (L512)
    When user A <action> an unknown call
    Then the answer is the error NOT_FOUND with status <status>
    And the telephony error is CALL_REFERENCE_NOT_FOUND caused by INVALID_CALL_ID

    @op.telephony.calls.get
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | gets                          | 404    |

    @op.telephony.calls.release
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | hangs up                      | 404    |

    @op.telephony.calls.answer
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | answers                       | 400    |

    @op.telephony.calls.hold
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | holds                         | 400    |

    @op.telephony.calls.retrieve
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | retrieves                     | 404    |

    @op.telephony.calls.alternate
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | alternates to                 | 400    |

    @op.telephony.calls.attachdata
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | attaches data to              | 400    |

    @op.telephony.calls.blindtransfer
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | blind-transfers               | 400    |

    @op.telephony.calls.callback
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | asks a call-back on           | 400    |

    @op.telephony.calls.devicelegs.list
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | lists the legs of             | 404    |

    @op.telephony.calls.devicelegs.get
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | gets its leg in               | 404    |

    @op.telephony.calls.devicelegs.switch
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | switches to its second device | 400    |

    @op.telephony.calls.dropme
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | leaves                        | 400    |

    @op.telephony.calls.merge
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | merges a held call into       | 400    |

    @op.telephony.calls.overflowtovoicemail
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | overflows to the voice mail   | 400    |

    @op.telephony.calls.park
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | parks                         | 400    |

    @op.telephony.calls.participants.list
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | lists the participants of     | 404    |

    @op.telephony.calls.participants.get
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | gets a participant of         | 404    |

    @op.telephony.calls.participants.drop
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | drops a participant of        | 400    |

    @op.telephony.calls.reconnect
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | reconnects to                 | 400    |

    @op.telephony.calls.recording
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | starts recording              | 400    |

    @op.telephony.calls.redirect
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | redirects                     | 404    |

    @op.telephony.calls.senddtmf
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | sends DTMF in                 | 404    |

    @op.telephony.calls.sendaccountinfo
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | sends account info for        | 400    |

    @op.telephony.calls.transfer
    Examples: 404 where the operation lists it, else 400
      | action                        | status |
      | transfers a held call into    | 404    |
