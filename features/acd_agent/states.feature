Feature: Call Center Agent: logon, logoff, processing groups and the states of an operator
  The agent lifecycle (AgentState L13200-13233): an agent logs on its pro-ACD set in a processing group
  and is READY; it goes in PAUSE, WRAPUP or WITHDRAW and back to READY, and logs off. A supervisor may log
  on out of group (OUT_OF_PG) and enter or exit a group (2-step logon and logoff, L12433-12481). Every
  change is an OnAgentStateChanged to the operator (L13326-13344). A move the operator's state forbids is
  NOT_EXPECTED ("due to current user's state", L317), answered 400 as no 409 is documented. Operators a
  scenario logs on are logged off when it ends. Users F, G and H are agents, I their supervisor, A no
  operator (o2g-rest-api-reference.txt L12609-12934, L13015-13053, L13101-13138).

  @op:acd.agent.logon @user @event:OnAgentStateChanged
  Scenario: An agent logs on its pro-ACD set and is ready in its preferred group
    Given user F listens to "agent" events
    When user F logs on its pro-ACD set
    Then the answer is 204 with no body
    And user F receives OnAgentStateChanged with main state LOG_ON and sub-state READY
    And the agent state of user F is LOG_ON READY in its preferred processing group

  @op:acd.agent.logon @admin
  Scenario: An administrator logs on the agent it names in the group it chooses
    When the administrator logs user F on its pro-ACD set in its last processing group
    Then the answer is 204 with no body
    And the agent state of user F is LOG_ON READY in its last processing group

  @op:acd.agent.logon @user @event:OnAgentStateChanged
  Scenario: A supervisor logs on without a group and stays out of group
    # "For a Supervisor, if the PG is absent, the supervisor is logged on out off group" (L12650).
    Given user I listens to "agent" events
    When user I logs on its pro-ACD set
    Then the answer is 204 with no body
    And user I receives OnAgentStateChanged with main state LOG_ON and sub-state OUT_OF_PG

  @op:acd.agent.logon @user @negative
  Scenario: An agent cannot log on the set of another user
    When user F logs on the pro-ACD set of user G
    Then the answer is the error BAD_PARAMETER with status 400
    And the agent state of user F is LOG_OFF

  @op:acd.agent.logon @user @negative
  Scenario: An agent cannot log on in a group that is not its own
    When user G logs on its pro-ACD set in the preferred processing group of user H
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.agent.logon @user @negative
  Scenario: An agent already logged on cannot log on again
    Given user F is logged on
    When user F logs on its pro-ACD set
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.logon @user @negative
  Scenario: The pro-ACD set is mandatory
    # LoggOnAgentRequest.proAcdDeviceNumber [1] (L13299).
    When user F logs on without a pro-ACD set
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.agent.state.get @user
  Scenario: A logged-off agent has a main state only
    When user G reads its agent state
    Then the answer is 200 with an AgentState body
    And the agent state is LOG_OFF without sub-state

  @op:acd.agent.state.get @admin
  Scenario: An administrator reads the state of the agent it names
    Given user G is logged on
    When the administrator reads the agent state of user G
    Then the answer is 200 with an AgentState body
    And the agent state is LOG_ON READY on the pro-ACD set of user G

  @op:acd.agent.state.get @user @negative
  Scenario: A user who is no ACD operator has no agent state
    When user A reads its agent state
    Then the answer is the error NOT_FOUND with status 400

  @op:acd.agent.logoff @user @event:OnAgentStateChanged
  Scenario: An agent logs off
    Given user F is logged on
    And user F listens to "agent" events
    When user F logs off
    Then the answer is 204 with no body
    And user F receives OnAgentStateChanged with main state LOG_OFF
    And the agent state of user F is LOG_OFF

  @op:acd.agent.logoff @user @negative
  Scenario: A logged-off agent cannot log off
    When user F logs off
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.pause @user @event:OnAgentStateChanged
  Scenario: An agent goes in pause
    Given user F is logged on
    And user F listens to "agent" events
    When user F goes in pause
    Then the answer is 204 with no body
    And user F receives OnAgentStateChanged with main state LOG_ON and sub-state PAUSE

  @op:acd.agent.ready @user @event:OnAgentStateChanged
  Scenario: An agent in pause is ready again
    Given user F is logged on
    And user F is in pause
    And user F listens to "agent" events
    When user F is ready
    Then the answer is 204 with no body
    And user F receives OnAgentStateChanged with main state LOG_ON and sub-state READY

  @op:acd.agent.wrapup @user @event:OnAgentStateChanged
  Scenario: An agent goes in wrap-up
    Given user G is logged on
    And user G listens to "agent" events
    When user G goes in wrap-up
    Then the answer is 204 with no body
    And user G receives OnAgentStateChanged with main state LOG_ON and sub-state WRAPUP

  @op:acd.agent.wrapup @user @needs-control:clock @event:OnAgentStateChanged
  Scenario: The wrap-up ends on its own after the wrap-up timer of the emulated PBX
    # The emulated OXE's wrap-up timer is 30 s (services/acd/agent/lifecycle.py).
    Given user G is logged on
    And user G is in wrap-up
    And user G listens to "agent" events
    When 29 virtual seconds pass
    Then user G receives no "OnAgentStateChanged"
    When 1 virtual seconds pass
    Then user G receives OnAgentStateChanged with main state LOG_ON and sub-state READY

  @op:acd.agent.withdraw @user @event:OnAgentStateChanged
  Scenario: An agent withdraws for one of the reasons of its group
    Given user F is logged on
    And user F listens to "agent" events
    When user F withdraws for the first reason of its group
    Then the answer is 204 with no body
    And user F receives OnAgentStateChanged with main state LOG_ON and sub-state WITHDRAW for that reason

  @op:acd.agent.withdraw @user
  Scenario: The reason index may be sent as text, as the reference's example does
    # WithdrawAgentRequest.reasonIndex is an int (L13380); the example sends "1" (L13050).
    Given user F is logged on
    When user F withdraws for the reason "1" given as text
    Then the answer is 204 with no body
    And the agent state of user F is WITHDRAW for reason 1

  @op:acd.agent.withdraw @user @negative
  Scenario: A reason its group does not have is a bad parameter
    # "The index must correspond to one of the permitted values for the agent in the group" (L13381-13382).
    Given user F is logged on
    When user F withdraws for a reason beyond those of its group
    Then the answer is the error BAD_PARAMETER with status 400
    And the agent state of user F is LOG_ON READY in its preferred processing group

  @user @negative
  Scenario Outline: A logged-off agent cannot <move>
    When user G asks to <move>
    Then the answer is the error NOT_EXPECTED with status 400
    And the agent state of user G is LOG_OFF

    @op.acd.agent.pause
    Examples:
      | move     |
      | pause    |

    @op.acd.agent.ready
    Examples:
      | move     |
      | be ready |

    @op.acd.agent.wrapup
    Examples:
      | move     |
      | wrap up  |

    @op.acd.agent.withdraw
    Examples:
      | move     |
      | withdraw |

  @op:acd.agent.wrapup @user @needs-control:phone @negative
  Scenario: A busy agent cannot change its state by itself
    # BUSY (an ACD call) is left by the PBX only (lifecycle of services/acd/agent/lifecycle.py).
    Given user G is logged on
    And the external party calls the first pilot, distributed to user G
    When user G asks to wrap up
    Then the answer is the error NOT_EXPECTED with status 400
    And the agent state of user G is LOG_ON BUSY

  @op:acd.agent.state.snapshot @user @event:OnAgentStateChanged
  Scenario: An operator asks a snapshot of its state
    Given user G listens to "agent" events
    When user G asks a snapshot of its agent state
    Then the answer is 204 with no body
    And user G receives OnAgentStateChanged with main state LOG_OFF

  @op:acd.agent.state.snapshot @admin @event:OnAgentStateChanged
  Scenario: An administrator asks the snapshot of every operator
    # "If this request is made by an administrator and no loginName is provided, the snapshot is asked for
    # all the agents" (L12900-12901).
    Given user F is logged on
    And the administrator listens to "agent" events
    When the administrator asks a snapshot of every agent state
    Then the answer is 204 with no body
    And the administrator receives OnAgentStateChanged for users F, G, H and I
    And the administrator's OnAgentStateChanged of user F is LOG_ON READY

  @op:acd.agent.state.snapshot @admin @negative
  Scenario: The snapshot of a user who is no ACD operator is not found
    # The only agent operation documenting 404 (L12930).
    When the administrator asks a snapshot of the agent state of user A
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.agent.enterpg @user @event:OnAgentStateChanged
  Scenario: A supervisor logged on out of group enters its preferred group
    Given user I is logged on out of group
    And user I listens to "agent" events
    When user I enters its preferred processing group
    Then the answer is 204 with no body
    And user I receives OnAgentStateChanged with main state LOG_ON and sub-state READY
    And the agent state of user I is LOG_ON READY in its preferred processing group

  @op:acd.agent.logon @user
  Scenario: A supervisor out of group enters a group by logging on with its own number
    # "the pro-acd device number MUST be the supervisor number itself" (L13300-13302).
    Given user I is logged on out of group
    When user I logs on with its own number in its last processing group
    Then the answer is 204 with no body
    And the agent state of user I is LOG_ON READY in its last processing group

  @op:acd.agent.enterpg @user @negative
  Scenario: A supervisor must be logged on to enter a group
    # "The Supervisor must be already logged on" (L12434).
    When user I enters its preferred processing group
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.enterpg @user @negative
  Scenario: An agent has no right to enter a group
    Given user F is logged on
    When user F enters its preferred processing group
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.agent.exitpg @user @event:OnAgentStateChanged
  Scenario: A supervisor exits its group and stays logged on out of group
    Given user I is logged on in its preferred processing group
    And user I listens to "agent" events
    When user I exits its preferred processing group
    Then the answer is 204 with no body
    And user I receives OnAgentStateChanged with main state LOG_ON and sub-state OUT_OF_PG

  @op:acd.agent.exitpg @user @event:OnAgentStateChanged
  Scenario: Exiting with an empty group number is a logoff
    # "if the PG number is empty, the request is accepted too and is equivalent to a logoff" (L12481).
    Given user I is logged on in its preferred processing group
    And user I listens to "agent" events
    When user I exits with an empty group number
    Then the answer is 204 with no body
    And user I receives OnAgentStateChanged with main state LOG_OFF

  @op:acd.agent.exitpg @user @negative
  Scenario: A supervisor can only exit the group it is in
    # "The Supervisor must be logged on in the PG" (L12480).
    Given user I is logged on out of group
    When user I exits its preferred processing group
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.exitpg @user @negative
  Scenario: An agent has no right to exit a group
    Given user F is logged on
    When user F exits its preferred processing group
    Then the answer is the error NOT_ALLOWED with status 403
    And the agent state of user F is LOG_ON READY in its preferred processing group
