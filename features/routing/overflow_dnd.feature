@licence:ROXE_API_TEL_ADVANCED
Feature: Routing management: overflow routes and do not disturb
  A user sends the calls it does not take (busy, no answer) to its voice mail or its associate, and
  activates or cancels do not disturb; each change is told by OnRoutingStateChanged (L2092). "Overflow
  destinations is only used when the forward destination is not active" (L6844): an overflow may be set
  while a forward is active. Routes are PBX configuration, restored when the scenario ends
  (o2g-rest-api-reference.txt L7033-7131, L7290-7412, L7598-7662; RoutingErrorCause L419-438).

  @op:routing.overflowroute.set @op:routing.overflowroute.get @user @destructive @event:OnRoutingStateChanged
  Scenario: A user sends the calls it does not take while busy to its voice mail
    Given user A listens to "routingManagement" events
    When user A sets an overflow to its voice mail on busy
    Then the answer is 204 with no body
    And user A receives its routing state with an overflow to the voice mail on busy
    When user A reads its overflow route
    Then the answer is 200 with an OverflowRoute body
    And the route in the answer is an overflow to the voice mail on busy

  @op:routing.overflowroute.set @op:routing.state.get @user @destructive
  Scenario Outline: A user sends the calls it does not take to its associate
    When user A sets an overflow to user B <condition>
    Then the answer is 204 with no body
    And the routing state of user A has an overflow to user B <condition>

    Examples: OverflowType (L7657-7662)
      | condition            |
      | on busy              |
      | on no answer         |
      | on busy or no answer |

  @op:routing.overflowroute.set @admin @destructive @event:OnRoutingStateChanged
  Scenario: An administrator sets the overflow of the user it names
    Given the administrator listens to "routingManagement" events
    When the administrator sets an overflow of user B to its voice mail on no answer
    Then the answer is 204 with no body
    And the administrator receives the routing state of user B with an overflow to the voice mail on no answer

  @op:routing.overflowroute.get @admin @destructive
  Scenario: An administrator reads the overflow route of the user it names
    Given user B has an overflow to its voice mail on busy or no answer
    When the administrator reads the overflow route of user B
    Then the answer is 200 with an OverflowRoute body
    And the route in the answer is an overflow to the voice mail on busy or no answer

  @op:routing.overflowroute.get @user @destructive
  Scenario: A user without overflow is told it has none
    # 404 is listed without explanation (L7316); OverflowRoute has a mandatory overflowType (L7643).
    Given user A has no overflow
    When user A reads its overflow route
    Then the answer says user A has no overflow route

  @op:routing.overflowroute.cancel @user @destructive @event:OnRoutingStateChanged
  Scenario: A user cancels its overflow
    Given user A has an overflow to its voice mail on busy
    And user A listens to "routingManagement" events
    When user A cancels its overflow
    Then the answer is 204 with no body
    And user A receives its routing state with no overflow
    And the routing state of user A has no overflow

  @op:routing.overflowroute.cancel @admin @destructive
  Scenario: An administrator cancels the overflow of the user it names
    Given user B has an overflow to user A on no answer
    When the administrator cancels the overflow of user B
    Then the answer is 204 with no body
    And the routing state of user B has no overflow

  @op:routing.overflowroute.set @user @destructive
  Scenario: A user naming another user sets its own overflow, never the other's
    Given user B has no overflow
    When user A sets an overflow of user B to its voice mail on busy
    Then the answer is 204 with no body
    And the routing state of user A has an overflow to the voice mail on busy
    And the routing state of user B has no overflow

  @op:routing.overflowroute.set @op:routing.state.get @user @destructive
  Scenario: An overflow set while a forward is active is kept beside it
    # "Overflow destinations is only used when the forward destination is not active" (L6844).
    Given user A has forwarded its calls to user C on no answer
    When user A sets an overflow to its voice mail on no answer
    Then the answer is 204 with no body
    And the routing state of user A has a forward to user C on no answer and an overflow to the voice mail on no answer

  @op:routing.overflowroute.set @user @destructive @negative
  Scenario Outline: An overflow the routing service cannot accept is refused with its cause
    Given user A has no overflow
    When user A sets an overflow to <destination> <condition>
    Then the answer is the error <type> with status <status>
    And the routing error is <error> caused by <cause>
    And the routing state of user A has no overflow

    Examples: overflow type and destination (L419-425, L431-437), number format (L403-407)
      | destination                  | condition                       | type          | status | error               | cause                                                |
      | its voice mail               | without overflow type           | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE | INVALID_OVERFLOW_ROUTE                               |
      | its voice mail               | with the overflow type "ALWAYS" | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE | INVALID_OVERFLOW_ROUTE                               |
      | the external party           | on busy                         | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE | INVALID_OVERFLOW_ROUTE for the NUMBER destination    |
      | a destination of type OFFICE | on busy                         | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE | INVALID_OVERFLOW_ROUTE for the OFFICE destination    |
      | its voice mail and user B    | on no answer                    | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE | INVALID_OVERFLOW_ROUTE                               |
      | no destination               | on busy                         | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE | NULL_OR_EMPTY_PARAMETER                              |
      | the number "70-12x"          | on busy                         | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE | BAD_PHONE_NUMBER_FORMAT for the NUMBER destination   |
      | its own number               | on busy                         | NOT_ALLOWED   | 403    | UNAUTHORIZED        | UNAUTHORIZED_PHONE_NUMBER for the NUMBER destination |

  @op:routing.overflowroute.set @user @destructive @negative
  Scenario: Only one overflow route can be set
    When user A sets two overflow routes at once
    Then the answer is the error BAD_PARAMETER with status 400
    And the routing error is BAD_PARAMETER_VALUE caused by INVALID_OVERFLOW_ROUTE

  @op:routing.overflowroute.set @user @destructive @negative
  Scenario: A user without voice mail cannot overflow to it
    Given user D has no voice mailbox
    When user D sets an overflow to its voice mail on busy
    Then the answer is the error NOT_ALLOWED with status 403
    And the routing error is UNAUTHORIZED caused by UNAUTHORIZED_PHONE_NUMBER for the VOICEMAIL destination

  @op:routing.dnd.set @op:routing.dnd.get @user @destructive @event:OnRoutingStateChanged
  Scenario: A user activates do not disturb
    Given user A listens to "routingManagement" events
    When user A activates do not disturb
    Then the answer is 204 with no body
    And user A receives its routing state with do not disturb on
    When user A reads its do not disturb state
    Then the answer is 200 with a DNDState body
    And the do not disturb state in the answer is on

  @op:routing.dnd.cancel @op:routing.dnd.get @user @destructive @event:OnRoutingStateChanged
  Scenario: A user cancels do not disturb
    Given user A has activated do not disturb
    And user A listens to "routingManagement" events
    When user A cancels do not disturb
    Then the answer is 204 with no body
    And user A receives its routing state with do not disturb off
    When user A reads its do not disturb state
    Then the answer is 200 with a DNDState body
    And the do not disturb state in the answer is off

  @op:routing.dnd.set @op:routing.dnd.get @admin @destructive
  Scenario: An administrator sets do not disturb for the user it names
    When the administrator activates do not disturb for user B
    Then the answer is 204 with no body
    When the administrator reads the do not disturb state of user B
    Then the answer is 200 with a DNDState body
    And the do not disturb state in the answer is on

  @op:routing.dnd.cancel @admin @destructive
  Scenario: An administrator cancels do not disturb for the user it names
    Given user B has activated do not disturb
    When the administrator cancels do not disturb for user B
    Then the answer is 204 with no body
    And the routing state of user B has do not disturb off

  @op:routing.dnd.set @user @destructive
  Scenario: A user naming another user changes its own do not disturb, never the other's
    Given user B has cancelled do not disturb
    When user A activates do not disturb for user B
    Then the answer is 204 with no body
    And the routing state of user A has do not disturb on
    And the routing state of user B has do not disturb off
