Feature: Call Center Pilot: monitoring pilots and the calls they receive
  An administrator monitors a CCD pilot and, through a "pilot" subscription naming the pilot's number
  (L2103), is told of every call that arrives on it (OnPilotCallCreated), is queued (OnPilotCallQueued)
  and leaves it, distributed, abandoned or refused (OnPilotCallRemoved, L14556-14634). Monitoring a
  monitored pilot again is no error; stopping it ends the events unless another live session monitors it
  (L14349-14355). The first pilot of the node of user F serves the preferred processing group of users F
  and G; the external party is a caller outside the PBX (emulator control). Monitorings, calls and agents'
  logons are undone when a scenario ends (o2g-rest-api-reference.txt L14341-14634).

  @op:acd.pilotmonitoring.start @since:2.7.2 @admin @needs-control:phone
  @event:OnPilotCallCreated @event:OnPilotCallQueued @event:OnPilotCallRemoved
  Scenario: A monitored pilot tells how its call is distributed to a ready agent
    Given user G is logged on
    And the administrator listens to the events of the first pilot
    When the administrator monitors the first pilot
    Then the answer is 204 with no body
    When the external party calls the first pilot
    Then the administrator receives OnPilotCallCreated for the external party's call of the first pilot
    And the administrator receives OnPilotCallQueued for that call with cause ACD_ENTER_DISTRIBUTION
    And the administrator receives OnPilotCallRemoved for that call, distributed to the set of user G
    And the agent state of user G is LOG_ON BUSY

  @op:acd.pilotmonitoring.start @since:2.7.2 @admin @needs-control:phone
  @event:OnPilotCallQueued @event:OnPilotCallRemoved
  Scenario: A call no agent can take waits in the queue until its caller gives up
    Given the administrator monitors the first pilot
    And the administrator listens to the events of the first pilot
    When the external party calls the first pilot
    Then the administrator receives OnPilotCallCreated for the external party's call of the first pilot
    And the administrator receives OnPilotCallQueued for that call with cause NO_AVAILABLE_AGENT
    When the external party hangs up
    Then the administrator receives OnPilotCallRemoved for that call with cause ABANDONED

  @op:acd.pilotmonitoring.start @op:acd.agent.ready @since:2.7.2 @admin @needs-control:phone
  @event:OnPilotCallRemoved
  Scenario: A waiting call goes to the first agent who gets ready
    Given user G is logged on
    And user G is in pause
    And the administrator monitors the first pilot
    And the administrator listens to the events of the first pilot
    When the external party calls the first pilot
    Then the administrator receives OnPilotCallCreated for the external party's call of the first pilot
    And the administrator receives OnPilotCallQueued for that call with cause NO_AVAILABLE_AGENT
    When user G is ready
    Then the administrator receives OnPilotCallRemoved for that call, distributed to the set of user G

  @op:acd.pilotmonitoring.start @op:acd.management.pilot.close @since:2.7.2 @admin @needs-control:phone
  @destructive @event:OnPilotCallRemoved
  Scenario: A closed pilot takes no call
    # CallCause RESOURCES_NOT_AVAILABLE: "CCD context: pilot is not open" (L14533).
    Given user G is logged on
    And the first pilot is closed
    And the administrator monitors the first pilot
    And the administrator listens to the events of the first pilot
    When the external party calls the first pilot
    Then the administrator receives OnPilotCallCreated for the external party's call of the first pilot
    And the administrator receives OnPilotCallRemoved for that call with cause RESOURCES_NOT_AVAILABLE
    And the agent state of user G is LOG_ON READY in its preferred processing group

  @op:acd.pilotmonitoring.start @since:2.7.2 @admin
  Scenario: Monitoring a monitored pilot again is no error
    Given the administrator monitors the first pilot
    When the administrator monitors the first pilot
    Then the answer is 204 with no body

  @op:acd.pilotmonitoring.start @since:2.7.2 @admin @negative
  Scenario: An unknown pilot cannot be monitored
    When the administrator monitors an unknown pilot
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.pilotmonitoring.start @since:2.7.2 @user @negative
  Scenario: Monitoring pilots is for administrators
    # "This service allows an administrator to monitor the CCD pilots" (L14343).
    When user F monitors the first pilot
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.pilotmonitoring.stop @since:2.7.2 @admin @needs-control:phone
  Scenario: A pilot no longer monitored tells nothing of its calls
    Given the administrator monitors the first pilot
    And the administrator listens to the events of the first pilot
    When the administrator stops monitoring the first pilot
    Then the answer is 204 with no body
    When the external party calls the first pilot
    Then the administrator receives no "OnPilotCallCreated"

  @op:acd.pilotmonitoring.stop @since:2.7.2 @admin @negative
  Scenario: The monitoring of an unknown pilot cannot be stopped
    When the administrator stops monitoring an unknown pilot
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.pilotmonitoring.node.start @admin @needs-control:phone @event:OnPilotCallCreated
  Scenario: The deprecated monitoring naming the node works as the one without it
    Given the administrator listens to the events of the first pilot
    When the administrator monitors the first pilot on its node
    Then the answer is 204 with no body
    When the external party calls the first pilot
    Then the administrator receives OnPilotCallCreated for the external party's call of the first pilot
    And the administrator receives OnPilotCallQueued for that call with cause NO_AVAILABLE_AGENT

  @op:acd.pilotmonitoring.node.start @admin @negative
  Scenario: The pilot must be one of the node
    When the administrator monitors the first pilot on a node that does not exist
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.pilotmonitoring.node.start @admin @negative
  Scenario: The node is a number
    # nodeId: int (L14375).
    When the administrator monitors the first pilot on the node "seven"
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.pilotmonitoring.node.stop @admin @needs-control:phone
  Scenario: The deprecated stop naming the node ends the monitoring
    Given the administrator monitors the first pilot
    And the administrator listens to the events of the first pilot
    When the administrator stops monitoring the first pilot on its node
    Then the answer is 204 with no body
    When the external party calls the first pilot
    Then the administrator receives no "OnPilotCallCreated"

  @op:acd.pilotmonitoring.node.stop @admin @negative
  Scenario: The deprecated stop of an unknown pilot
    When the administrator stops monitoring an unknown pilot on the node of the call center
    Then the answer is the error NOT_FOUND with status 404
