@since:2.7.4
Feature: Call Center Real Time: identifiers of the ACD objects
  An administrator lists the RTI identifiers (number, name, and first name for agents, L15587-15620) of
  the agents, pilots, queues, processing groups of agents and other processing groups, all together or
  one kind at a time. Real time information is "only for an administrator" (L14639): a user session is
  NOT_ALLOWED (o2g-rest-api-reference.txt L14635-15111). Users F, G and H are agents of the call center.

  @op:acd.rti.identifiers.get @admin
  Scenario: An administrator reads every RTI identifier
    When the administrator reads all the RTI identifiers
    Then the answer is 200 with a RtiIdentifiers body
    And the agents' identifiers include users F, G and H with their names
    And the pilots' identifiers include the first pilot
    And there are identifiers of queues and of processing groups of agents

  @op:acd.rti.identifiers.get @user @negative
  Scenario: Real time information is for administrators
    When user F reads all the RTI identifiers
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.rti.agents.get @admin
  Scenario: An administrator reads the identifiers of the agents
    When the administrator reads the RTI identifiers of the agents
    Then the answer is 200 with a RtiIdentifiers body
    And only the agents are listed, as all the identifiers list them

  @op:acd.rti.agents.get @user @negative
  Scenario: A user cannot read the identifiers of the agents
    When user G reads the RTI identifiers of the agents
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.rti.pilots.get @admin
  Scenario: An administrator reads the identifiers of the pilots
    When the administrator reads the RTI identifiers of the pilots
    Then the answer is 200 with a RtiIdentifiers body
    And only the pilots are listed, as all the identifiers list them

  @op:acd.rti.pilots.get @user @negative
  Scenario: A user cannot read the identifiers of the pilots
    When user G reads the RTI identifiers of the pilots
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.rti.queues.get @admin
  Scenario: An administrator reads the identifiers of the queues
    When the administrator reads the RTI identifiers of the queues
    Then the answer is 200 with a RtiIdentifiers body
    And only the queues are listed, as all the identifiers list them

  @op:acd.rti.queues.get @user @negative
  Scenario: A user cannot read the identifiers of the queues
    When user G reads the RTI identifiers of the queues
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.rti.pgagents.get @admin
  Scenario: An administrator reads the identifiers of the processing groups of agents
    When the administrator reads the RTI identifiers of the pgAgents
    Then the answer is 200 with a RtiIdentifiers body
    And only the pgAgents are listed, as all the identifiers list them

  @op:acd.rti.pgagents.get @user @negative
  Scenario: A user cannot read the identifiers of the processing groups of agents
    When user G reads the RTI identifiers of the pgAgents
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.rti.pgothers.get @admin
  Scenario: An administrator reads the identifiers of the other processing groups
    When the administrator reads the RTI identifiers of the pgOthers
    Then the answer is 200 with a RtiIdentifiers body
    And only the pgOthers are listed, as all the identifiers list them

  @op:acd.rti.pgothers.get @user @negative
  Scenario: A user cannot read the identifiers of the other processing groups
    When user G reads the RTI identifiers of the pgOthers
    Then the answer is the error NOT_ALLOWED with status 403
