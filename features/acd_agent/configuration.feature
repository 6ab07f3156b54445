Feature: Call Center Agent: configuration, skills and withdraw reasons
  Users F, G and H are ACD agents (F and G share F's preferred processing group, F has several groups,
  H has another one), user I is their supervisor and user A is no ACD operator. A user session acts on
  itself and an administrator names the operator (loginName "MUST be specified", L12316-12320). The
  reference gives no per-state or per-role error (partE notes): an unknown operator is NOT_FOUND and a
  wrong value BAD_PARAMETER, both answered 400 where no 404 is documented. Skills a scenario changes are
  restored when it ends (o2g-rest-api-reference.txt L12271-12430, L13040-13100, L13140-13402).

  @op:acd.agent.config.get @user
  Scenario: An agent reads its configuration
    When user F reads its agent configuration
    Then the answer is 200 with an AgentConfig body
    And the configuration is of type AGENT with its preferred group among its groups
    And the configuration lists the skills of user F

  @op:acd.agent.config.get @user
  Scenario: A supervisor reads its configuration
    When user I reads its agent configuration
    Then the answer is 200 with an AgentConfig body
    And the configuration is of type SUPERVISOR with its preferred group among its groups

  @op:acd.agent.config.get @admin
  Scenario: An administrator reads the configuration of the operator it names
    When the administrator reads the agent configuration of user G
    Then the answer is 200 with an AgentConfig body
    And the configuration is the one user G reads

  @op:acd.agent.config.get @admin @negative
  Scenario: An administrator must name the operator
    When the administrator reads its agent configuration
    Then the answer is the error BAD_PARAMETER with status 400
    And the error's inner message mentions "loginName"

  @op:acd.agent.config.get @user @negative
  Scenario: A user who is no ACD operator has no agent configuration
    When user A reads its agent configuration
    Then the answer is the error NOT_FOUND with status 400

  @op:acd.agent.config.skills.activate @user @destructive @event:OnAgentSkillChanged
  Scenario: An agent activates one of its skills and is told its whole skill set
    # OnAgentSkillChanged carries "the whole set" (L13316).
    Given user F has an inactive skill
    And user F listens to "agent" events
    When user F activates that skill
    Then the answer is 204 with no body
    And user F receives OnAgentSkillChanged with that skill active among all its skills
    And the agent configuration of user F shows that skill active

  @op:acd.agent.config.skills.activate @admin @destructive
  Scenario: An administrator activates a skill of the agent it names
    Given user F has an inactive skill
    When the administrator activates that skill of user F
    Then the answer is 204 with no body
    And the agent configuration of user F shows that skill active

  @op:acd.agent.config.skills.activate @user @negative
  Scenario: A skill the agent does not have cannot be activated
    When user F activates a skill it does not have
    Then the answer is the error BAD_PARAMETER with status 400
    And the agent configuration of user F is unchanged

  @op:acd.agent.config.skills.deactivate @user @destructive @event:OnAgentSkillChanged
  Scenario: An agent deactivates one of its skills
    Given user F has an active skill
    And user F listens to "agent" events
    When user F deactivates that skill
    Then the answer is 204 with no body
    And user F receives OnAgentSkillChanged with that skill inactive among all its skills
    And the agent configuration of user F shows that skill inactive

  @op:acd.agent.config.skills.deactivate @user @negative
  Scenario: An empty list of skills is a bad parameter
    When user F deactivates an empty list of skills
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.agent.config.skills.deactivate @user @negative
  Scenario: Skill numbers are ints
    # AgentSkillActivation.skills: int [0..*] (L13184-13188).
    When user F deactivates the skills "1" given as text
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.agent.withdrawreasons.get @user
  Scenario: An agent reads the withdraw reasons of its preferred processing group
    When user F reads the withdraw reasons of its preferred processing group
    Then the answer is 200 with a WithdrawReasons body
    And the reasons are indexed from 1 to their number, at most 9

  @op:acd.agent.withdrawreasons.get @admin
  Scenario: An administrator reads the withdraw reasons of the agent it names
    When the administrator reads the withdraw reasons of the preferred processing group of user G
    Then the answer is 200 with a WithdrawReasons body
    And the reasons are the ones user G reads

  @op:acd.agent.withdrawreasons.get @user @negative
  Scenario: The withdraw reasons of a group that is not the agent's
    When user G reads the withdraw reasons of the preferred processing group of user H
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.agent.withdrawreasons.get @user @negative
  Scenario: The processing group is mandatory
    # Every example names it (L13090); the emulator reads pgNumber as mandatory.
    When user F reads the withdraw reasons without a processing group
    Then the answer is the error BAD_PARAMETER with status 400
    And the error's inner message mentions "pgNumber"
