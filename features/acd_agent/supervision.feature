Feature: Call Center Agent: help requests, intrusion and permanent listening
  An agent asks its supervisor for help, cancels its request, or the supervisor rejects it; both are told
  (OnSupervisorHelpRequested / OnSupervisorHelpCancelled, L13345-13360), each with the other party's
  number in agentNumber. A supervisor intrudes into an agent's call, changes the intrusion mode or stops
  it (STOP since 2.7.3, L13277), and listens permanently to an agent (cancel since 2.7.3). These are the
  supervisor's rights: an agent asking them is NOT_ALLOWED (403). What a scenario starts is stopped when
  it ends. Users F and G are agents, I their supervisor; the agent's call is one from user A, so that
  intrusion runs on any target (o2g-rest-api-reference.txt L12526-12608,
  L12738-12814, L12937-13012, L13240-13296).

  @op:acd.agent.supervisorhelp.request @user @event:OnSupervisorHelpRequested
  Scenario: An agent asks its supervisor for help and both are told
    Given user F is logged on
    And user I is logged on out of group
    And user F listens to "agent" events
    And user I listens to "agent" events
    When user F asks its supervisor for help
    Then the answer is 204 with no body
    And user F receives OnSupervisorHelpRequested naming the number of user I
    And user I receives OnSupervisorHelpRequested naming the number of user F

  @op:acd.agent.supervisorhelp.request @admin
  Scenario: An administrator asks help for the agent it names
    Given user F is logged on
    And user I is logged on out of group
    And user I listens to "agent" events
    When the administrator asks help of the supervisor of user F
    Then the answer is 204 with no body
    And user I receives OnSupervisorHelpRequested naming the number of user F

  @op:acd.agent.supervisorhelp.request @user @negative
  Scenario: No help without a supervisor logged on
    Given user F is logged on
    When user F asks its supervisor for help
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.supervisorhelp.request @user @negative
  Scenario: A supervisor asks no help
    Given user I is logged on in its preferred processing group
    When user I asks its supervisor for help
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.agent.supervisorhelp.cancel @user @event:OnSupervisorHelpCancelled
  Scenario: The agent cancels its help request
    # The example's `other` is the supervisor's number when the agent cancels (L13005-13007).
    Given user F is logged on
    And user I is logged on out of group
    And user F has asked its supervisor for help
    And user F listens to "agent" events
    And user I listens to "agent" events
    When user F cancels its help request to user I
    Then the answer is 204 with no body
    And user F receives OnSupervisorHelpCancelled naming the number of user I
    And user I receives OnSupervisorHelpCancelled naming the number of user F

  @op:acd.agent.supervisorhelp.cancel @user @event:OnSupervisorHelpCancelled
  Scenario: The supervisor rejects the help request of an agent
    # ... and the agent's number when the supervisor rejects (L13008-13010).
    Given user F is logged on
    And user I is logged on out of group
    And user F has asked its supervisor for help
    And user F listens to "agent" events
    When user I rejects the help request of user F
    Then the answer is 204 with no body
    And user F receives OnSupervisorHelpCancelled naming the number of user I

  @op:acd.agent.supervisorhelp.cancel @user @negative
  Scenario: There is no help request to cancel
    Given user F is logged on
    And user I is logged on out of group
    When user F cancels its help request to user I
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.supervisorhelp.cancel @user @negative
  Scenario: The other party is mandatory
    Given user F is logged on
    And user I is logged on out of group
    And user F has asked its supervisor for help
    When user F cancels its help request without naming the other party
    Then the answer is the error BAD_PARAMETER with status 400
    And the error's inner message mentions "other"

  @op:acd.agent.intrusion.start @user
  Scenario: A supervisor intrudes into the call of an agent
    Given user I is logged on out of group
    And user A is in a call with user F
    When user I intrudes into the call of user F in RESTRICTED mode
    Then the answer is 204 with no body
    And user I is in intrusion on the call of user F

  @op:acd.agent.intrusion.start @user
  Scenario: The intrusion mode may be written in lower case, as the reference's example does
    # IntrusionMode is upper case (L13271-13277); the example sends "restricted" (L12562).
    Given user I is logged on out of group
    And user A is in a call with user F
    When user I intrudes into the call of user F in restricted mode
    Then the answer is 204 with no body
    And user I is in intrusion on the call of user F

  @op:acd.agent.intrusion.start @user @negative
  Scenario: No intrusion into an agent that is not in a call
    # "The intrusion is applied on the current active call of the agent" (L13283).
    Given user I is logged on out of group
    When user I intrudes into the call of user F in NORMAL mode
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.intrusion.start @user @negative
  Scenario: An agent has no right to intrude
    Given user G is logged on
    And user A is in a call with user F
    When user G intrudes into the call of user F in NORMAL mode
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.agent.intrusion.changemode @user
  Scenario: A supervisor in intrusion changes to discreet listening
    Given user I is logged on out of group
    And user A is in a call with user F
    And user I intrudes into the call of user F
    When user I changes its intrusion mode to DISCRETE
    Then the answer is 204 with no body
    And user I is in intrusion on the call of user F

  @op:acd.agent.intrusion.changemode @user @since:2.7.3
  Scenario: A supervisor stops its intrusion
    # mode STOP, "Since version 2.7.3" (L13277).
    Given user I is logged on out of group
    And user A is in a call with user F
    And user I intrudes into the call of user F
    When user I changes its intrusion mode to STOP
    Then the answer is 204 with no body
    And user I is no longer in intrusion

  @op:acd.agent.intrusion.changemode @user
  Scenario: Asking for the mode in force drops the supervisor from the call
    # Result matrix of ChangeIntrusionModeRequest: Normal -> Normal "the supervisor drops himself" (L13240-13259).
    Given user I is logged on out of group
    And user A is in a call with user F
    And user I intrudes into the call of user F
    When user I changes its intrusion mode to NORMAL
    Then the answer is 204 with no body
    And user I is no longer in intrusion

  @op:acd.agent.intrusion.changemode @user @negative
  Scenario: A supervisor who is not in intrusion cannot change its mode
    # "The supervisor MUST be in intrusion on an agent call" (L12569).
    Given user I is logged on out of group
    When user I changes its intrusion mode to RESTRICTED
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.permanentlistening.start @user
  Scenario: A supervisor listens permanently to an agent
    Given user I is logged on out of group
    When user I listens permanently to user G
    Then the answer is 204 with no body
    And user I listens permanently to an agent

  @op:acd.agent.permanentlistening.start @user @negative
  Scenario: An agent has no right to listen to another agent
    Given user F is logged on
    When user F listens permanently to user G
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.agent.permanentlistening.start @user @negative
  Scenario: The agent to listen to is mandatory
    # PermanentListeningRequest.agentNumber [1] (L13363).
    Given user I is logged on out of group
    When user I asks a permanent listening without naming an agent
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.agent.permanentlistening.cancel @user @since:2.7.3
  Scenario: A supervisor cancels its permanent listening
    Given user I is logged on out of group
    And user I has started listening permanently to user G
    When user I cancels its permanent listening
    Then the answer is 204 with no body
    And user I listens permanently to no agent

  @op:acd.agent.permanentlistening.cancel @user @since:2.7.3 @negative
  Scenario: There is no permanent listening to cancel
    Given user I is logged on out of group
    When user I cancels its permanent listening
    Then the answer is the error NOT_EXPECTED with status 400

  @op:acd.agent.permanentlistening.cancel @user @since:2.7.3 @negative
  Scenario: An agent has no permanent listening to cancel
    Given user F is logged on
    When user F cancels its permanent listening
    Then the answer is the error NOT_ALLOWED with status 403
