@licence:ROXE_API_TEL_ADVANCED
Feature: Routing management: capabilities, routes set together and the routing state
  What a user may route (Capabilities), the routes set in one request (POST /routing: the remote
  extension, and the forward "for compatibility", L6905-6911), the routing state and its snapshot sent as
  OnRoutingStateChanged (L7493-7507). An administrator names the user with loginName, which it "MUST"
  give (L6883-6887) except for a snapshot of every user (L7495, L7511-7514)
  (o2g-rest-api-reference.txt L6838-7000, L7413-7531, L7532-7780).

  @op:routing.get @user
  Scenario: A user reads what it may route
    When user A reads its routing capabilities
    Then the answer is 200 with a Capabilities body
    And the capabilities in the answer let user A manage its forward, its overflow and do not disturb
    And the capabilities in the answer offer presentation routes only if user A has a remote extension

  @op:routing.get @admin
  Scenario: An administrator reads what the user it names may route
    When the administrator reads the routing capabilities of user B
    Then the answer is 200 with a Capabilities body
    And the capabilities in the answer let user B manage its forward, its overflow and do not disturb

  @op:routing.set @user @destructive @event:OnRoutingStateChanged
  Scenario: A user sets its forward through the routes it sets (compatibility, L6911)
    Given user A listens to "routingManagement" events
    When user A sets its routes with a forward to its voice mail on busy
    Then the answer is 204 with no body
    And user A receives its routing state with a forward to the voice mail on busy
    And the routing state of user A has a forward to the voice mail on busy

  @op:routing.set @admin @destructive
  Scenario: An administrator sets the routes of the user it names
    When the administrator sets the routes of user B with a forward to user C
    Then the answer is 204 with no body
    And the routing state of user B has a forward to user C immediately

  @op:routing.set @user @destructive @negative
  Scenario Outline: Routes the routing service cannot set are refused with the routing detail
    When user A sets its routes with <routes>
    Then the answer is the error <type> with status <status>
    And the routing error is <error>
    And the routing state of user A has no forward

    Examples: one forward route (L414, L7758); MOBILE only with a remote extension (L7663-7666); OFFICE always on (L7667)
      | routes                        | type          | status | error                                               |
      | two forward routes            | BAD_PARAMETER | 400    | BAD_PARAMETER_VALUE caused by INVALID_FORWARD_ROUTE |
      | its remote extension selected | NOT_ALLOWED   | 403    | UNAUTHORIZED                                        |
      | its office device deselected  | NOT_SUPPORTED | 400    | INVALID_OPERATION                                   |

  @op:routing.state.get @user
  Scenario: A user reads its routing state: calls are presented on its office device
    When user A reads its routing state
    Then the answer is 200 with a RoutingState body
    And the routing state in the answer presents the calls on the office device of user A

  @op:routing.state.get @admin @destructive
  Scenario: An administrator reads the routing state of the user it names
    Given user B has forwarded its calls to its voice mail on no answer
    And user B has an overflow to user A on busy
    When the administrator reads the routing state of user B
    Then the answer is 200 with a RoutingState body
    And the routing state in the answer has a forward to the voice mail on no answer and an overflow to user A on busy

  @op:routing.state.get @user @destructive
  Scenario: A user naming another user reads its own routing state
    Given user B has forwarded its calls to user C
    And user A has no forward
    When user A reads the routing state of user B
    Then the answer is 200 with a RoutingState body
    And the routing state in the answer presents the calls on the office device of user A
    And the routing state in the answer has no forward

  @op:routing.state.snapshot @user @event:OnRoutingStateChanged @destructive
  Scenario: A user asks for a snapshot and receives its routing state as an event
    Given user A has activated do not disturb
    And user A listens to "routingManagement" events
    When user A asks for a snapshot of its routing state
    Then the answer is 204 with no body
    And user A receives its routing state with do not disturb on

  @op:routing.state.snapshot @admin @event:OnRoutingStateChanged @destructive
  Scenario: An administrator asks for a snapshot of the user it names
    Given user B has forwarded its calls to user C on busy
    And the administrator listens to "routingManagement" events
    When the administrator asks for a snapshot of the routing state of user B
    Then the answer is 204 with no body
    And the administrator receives the routing state of user B with a forward to user C on busy

  @op:routing.state.snapshot @admin @event:OnRoutingStateChanged
  Scenario: An administrator who names no user receives the routing state of every user (L7495)
    Given the administrator listens to "routingManagement" events
    When the administrator asks for a snapshot of the routing state of every user
    Then the answer is 204 with no body
    And the administrator receives the routing state of every user

  @op:routing.state.snapshot @admin @negative
  Scenario: A snapshot of an unknown user is not found (404 is listed, L7526)
    When the administrator asks for a snapshot of the routing state of an unknown user
    Then the answer is the error NOT_FOUND with status 404

  @admin @negative
  Scenario Outline: An administrator must name the user it acts for
    When the administrator <action> with no loginName
    Then the answer is the error BAD_PARAMETER with status 400

    @op.routing.get
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | reads the routing capabilities     |

    @op.routing.set
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | sets routes                        |

    @op.routing.dnd.get
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | reads the do not disturb state     |

    @op.routing.dnd.set
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | activates do not disturb           |

    @op.routing.dnd.cancel
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | cancels do not disturb             |

    @op.routing.forwardroute.get
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | reads the forward route            |

    @op.routing.forwardroute.set
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | forwards calls to the voice mail   |

    @op.routing.forwardroute.cancel
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | cancels the forward                |

    @op.routing.overflowroute.get
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | reads the overflow route           |

    @op.routing.overflowroute.set
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | sets an overflow to the voice mail |

    @op.routing.overflowroute.cancel
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | cancels the overflow               |

    @op.routing.state.get
    Examples: loginName "MUST be specified" for an administrator session (L6883-6887)
      | action                             |
      | reads the routing state            |

  @admin @negative
  Scenario Outline: An administrator naming an unknown user is answered not found
    When the administrator <action> for an unknown user
    Then the answer is the error NOT_FOUND with status <status>

    @op.routing.get
    Examples: 404 where the operation lists it (L7143, L7316, L7439), else 400
      | action                         | status |
      | reads the routing capabilities | 400    |

    @op.routing.dnd.get
    Examples: 404 where the operation lists it (L7143, L7316, L7439), else 400
      | action                         | status |
      | reads the do not disturb state | 400    |

    @op.routing.forwardroute.get
    Examples: 404 where the operation lists it (L7143, L7316, L7439), else 400
      | action                         | status |
      | reads the forward route        | 404    |

    @op.routing.overflowroute.get
    Examples: 404 where the operation lists it (L7143, L7316, L7439), else 400
      | action                         | status |
      | reads the overflow route       | 404    |

    @op.routing.state.get
    Examples: 404 where the operation lists it (L7143, L7316, L7439), else 400
      | action                         | status |
      | reads the routing state        | 404    |
