@licence:ROXE_API_TEL_ADVANCED
Feature: Routing management: forward routes
  A user forwards its calls, immediately or on busy / no answer, to its voice mail or a number, reads and
  cancels the forward; each change is told by OnRoutingStateChanged (package routingManagement, L2092).
  An administrator names the user with loginName; for a user session loginName "is ignored" (L7208-7211).
  A refused route carries the routing detail of RestErrorInfo (RoutingErrorInfo, RoutingErrorCause
  L399-438, RoutingErrorType L455-471). Routes are PBX configuration: the scenarios that change them are
  tagged destructive and restore them when they end (o2g-rest-api-reference.txt L7133-7289, L7570-7596).

  @op:routing.forwardroute.set @op:routing.forwardroute.get @user @destructive @event:OnRoutingStateChanged
  Scenario: A user forwards its calls to its voice mail, immediately
    Given user A listens to "routingManagement" events
    When user A forwards its calls to its voice mail
    Then the answer is 204 with no body
    And user A receives its routing state with a forward to the voice mail immediately
    When user A reads its forward route
    Then the answer is 200 with a ForwardRoute body
    And the route in the answer is a forward to the voice mail immediately

  @op:routing.forwardroute.set @op:routing.state.get @user @destructive
  Scenario Outline: A user forwards its calls to another user on a condition
    When user A forwards its calls to user C <condition>
    Then the answer is 204 with no body
    And the routing state of user A has a forward to user C <condition>

    Examples: ForwardType, or none for an immediate forward (L7589-7596)
      | condition            |
      | immediately          |
      | on busy              |
      | on no answer         |
      | on busy or no answer |

  @op:routing.forwardroute.set @op:routing.forwardroute.get @user @destructive
  Scenario: A user forwards its calls to a public number
    When user A forwards its calls to the external party on busy
    Then the answer is 204 with no body
    When user A reads its forward route
    Then the answer is 200 with a ForwardRoute body
    And the route in the answer is a forward to the external party on busy

  @op:routing.forwardroute.set @admin @destructive @event:OnRoutingStateChanged
  Scenario: An administrator forwards the calls of the user it names
    Given user B listens to "routingManagement" events
    When the administrator forwards the calls of user B to user C on no answer
    Then the answer is 204 with no body
    And user B receives its routing state with a forward to user C on no answer
    And the routing state of user B has a forward to user C on no answer

  @op:routing.forwardroute.get @admin @destructive
  Scenario: An administrator reads the forward route of the user it names
    Given user B has forwarded its calls to its voice mail on busy
    When the administrator reads the forward route of user B
    Then the answer is 200 with a ForwardRoute body
    And the route in the answer is a forward to the voice mail on busy

  @op:routing.forwardroute.get @user @destructive
  Scenario: A user without forward is told it has none
    # 404 is listed without explanation (L7143); ForwardRoute has only optional fields (L7570-7583).
    Given user A has no forward
    When user A reads its forward route
    Then the answer says user A has no forward route

  @op:routing.forwardroute.cancel @user @destructive @event:OnRoutingStateChanged
  Scenario: A user cancels its forward
    Given user A has forwarded its calls to user C
    And user A listens to "routingManagement" events
    When user A cancels its forward
    Then the answer is 204 with no body
    And user A receives its routing state with no forward
    And the routing state of user A has no forward

  @op:routing.forwardroute.cancel @admin @destructive @event:OnRoutingStateChanged
  Scenario: An administrator cancels the forward of the user it names
    Given user B has forwarded its calls to its voice mail
    And the administrator listens to "routingManagement" events
    When the administrator cancels the forward of user B
    Then the answer is 204 with no body
    And the administrator receives the routing state of user B with no forward

  @op:routing.forwardroute.set @user @destructive
  Scenario: A user naming another user changes its own forward, never the other's
    # loginName "is ignored if the Session identifier matches a user account" (L7208-7211).
    Given user B has no forward
    When user A forwards the calls of user B to user C
    Then the answer is 204 with no body
    And the routing state of user A has a forward to user C immediately
    And the routing state of user B has no forward

  @op:routing.forwardroute.get @user @destructive
  Scenario: A user naming another user reads its own forward, never the other's
    Given user B has forwarded its calls to user C
    And user A has no forward
    When user A reads the forward route of user B
    Then the answer says user A has no forward route

  @op:routing.forwardroute.set @user @destructive @negative
  Scenario Outline: A forward the routing service cannot accept is refused with its cause
    Given user A has no forward
    When user A forwards its calls to <destination>
    Then the answer is the error <type> with status <status>
    And the routing error is <error> caused by <cause> for the <kind> destination
    And the routing state of user A has no forward

    Examples: number format, dial plan and barring (L403-438, L463-471)
      | destination                                 | type          | status | error                   | cause                     | kind   |
      | the number "70-12x"                         | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE     | BAD_PHONE_NUMBER_FORMAT   | NUMBER |
      | the number "+33 1 2345/678"                 | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE     | BAD_PHONE_NUMBER_FORMAT   | NUMBER |
      | a number of 50 digits                       | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE     | BAD_PHONE_NUMBER_FORMAT   | NUMBER |
      | the number ""                               | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE     | NULL_OR_EMPTY_PARAMETER   | NUMBER |
      | the number "99999"                          | BAD_PARAMETER | 400    | UNKNOWN_PHONE_NUMBER    | INVALID_FORWARD_ROUTE     | NUMBER |
      | the number of user B without its last digit | BAD_PARAMETER | 400    | INCOMPLETE_PHONE_NUMBER | INVALID_FORWARD_ROUTE     | NUMBER |
      | its own number                              | NOT_ALLOWED   | 403    | UNAUTHORIZED            | UNAUTHORIZED_PHONE_NUMBER | NUMBER |

  @op:routing.forwardroute.set @user @destructive @negative
  Scenario Outline: A forward goes to one voice mail or number destination
    Given user A has no forward
    When user A forwards its calls to <destination>
    Then the answer is the error BAD_PARAMETER with status 400
    And the routing error is BAD_PARAMETER_VALUE caused by <cause>
    And the routing state of user A has no forward

    Examples: destination types (L412-418, L7556-7564), one destination only (L7578), a type is mandatory (L7543)
      | destination                   | cause                                             |
      | a destination of type OFFICE  | INVALID_FORWARD_ROUTE for the OFFICE destination  |
      | a destination of type MOBILE  | INVALID_FORWARD_ROUTE for the MOBILE destination  |
      | a destination of type UNKNOWN | INVALID_FORWARD_ROUTE for the UNKNOWN destination |
      | its voice mail and user C     | INVALID_FORWARD_ROUTE                             |
      | a destination without type    | NULL_PARAMETER                                    |
      | no destination                | NULL_OR_EMPTY_PARAMETER                           |

  @op:routing.forwardroute.set @user @destructive @negative
  Scenario Outline: A forward type that ForwardType does not list is refused
    # Without forwardType the forward is immediate (L7575-7576): IMMEDIATE is not a ForwardType value.
    When user A forwards its calls to its voice mail with the forward type "<type>"
    Then the answer is the error BAD_PARAMETER with status 400
    And the routing error is BAD_PARAMETER_VALUE caused by INVALID_FORWARD_ROUTE

    Examples: ForwardType (L7589-7596)
      | type      |
      | IMMEDIATE |
      | ALWAYS    |

  @op:routing.forwardroute.set @user @destructive @negative
  Scenario: A user without voice mail cannot forward its calls to it
    Given user D has no voice mailbox
    When user D forwards its calls to its voice mail
    Then the answer is the error NOT_ALLOWED with status 403
    And the routing error is UNAUTHORIZED caused by UNAUTHORIZED_PHONE_NUMBER for the VOICEMAIL destination

  @op:routing.forwardroute.set @user @destructive @negative
  Scenario Outline: A forward that closes a loop in the forward chain is refused
    Given user C has forwarded its calls to user A
    And user B has forwarded its calls to <next>
    When user A forwards its calls to user B
    Then the answer is the error BAD_PARAMETER with status 400
    And the routing error is BAD_PARAMETER_VALUE caused by INVALID_FORWARD_ROUTE for the NUMBER destination
    And the routing state of user A has no forward

    Examples: "A loop in the forward chain has been detected" (L417)
      | next   |
      | user A |
      | user C |

  @op:routing.forwardroute.set @user @destructive
  Scenario: A forward chain without a loop is accepted
    Given user C has forwarded its calls to its voice mail
    And user B has forwarded its calls to user C
    When user A forwards its calls to user B
    Then the answer is 204 with no body
    And the routing state of user A has a forward to user B immediately
