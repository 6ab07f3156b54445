Feature: Call Center Management: the pilots of a node, their information and their opening
  An administrator lists the CCD pilots of a node (the node of user F's call center), reads one, asks
  its information for a call profile (2.7.4), and closes or opens it. Pilot answers follow the
  representation (state, detailedState, L14172-14201) rather than the examples' "queueState"
  (L13447, L13502). Management is for administrators (L13405): a user session is NOT_ALLOWED. A pilot a
  scenario closes is opened again when it ends (o2g-rest-api-reference.txt L13403-13575, L14001-14340).

  @op:acd.management.pilots.list @admin
  Scenario: An administrator lists the pilots of the node
    When the administrator lists the pilots of the node of the call center
    Then the answer is 200 with a Pilots body
    And every pilot has a number, a service state and exactly one active rule

  @op:acd.management.pilots.list @admin @negative
  Scenario: A node the O2G does not manage has no pilot
    When the administrator lists the pilots of a node that does not exist
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.management.pilots.list @user @negative
  Scenario: Pilot management is for administrators
    When user F lists the pilots of the node of the call center
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.management.pilot.get @admin
  Scenario: An administrator reads a pilot
    When the administrator reads the first pilot
    Then the answer is 200 with a Pilot body
    And the pilot is the one the list of pilots shows

  @op:acd.management.pilot.get @admin @negative
  Scenario: An unknown pilot is not found
    When the administrator reads an unknown pilot
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.management.pilot.getadvanced @since:2.7.4 @admin
  Scenario: The information of a pilot for a supervised transfer
    Given user G is logged on
    When the administrator asks the information of the first pilot for a supervised transfer
    Then the answer is 200 with a Pilot body
    And the transfer to the pilot is possible and supervised

  @op:acd.management.pilot.getadvanced @since:2.7.4 @admin
  Scenario: No transfer is possible to a pilot whose agents are all logged off
    When the administrator asks the information of the first pilot for a supervised transfer
    Then the answer is 200 with a Pilot body
    And the transfer to the pilot is not possible

  @op:acd.management.pilot.getadvanced @since:2.7.4 @admin
  Scenario: The call profile names a skill of an agent of the pilot
    Given user G is logged on
    When the administrator asks the information of the first pilot for a call needing an active skill of user G
    Then the answer is 200 with a Pilot body
    And the transfer to the pilot is possible and not supervised

  @op:acd.management.pilot.getadvanced @since:2.7.4 @admin @negative
  Scenario: The agent of the call profile must be an agent
    When the administrator asks the information of the first pilot for the agent number of user A
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.management.pilot.getadvanced @since:2.7.4 @admin @negative
  Scenario: The body of the reference's example is not JSON
    # Its trailing comma (L13557) makes it invalid JSON: the body must be a JSON PilotQueryParam.
    When the administrator asks the information of the first pilot with the reference's example body
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.management.pilot.close @admin @destructive
  Scenario: An administrator closes a pilot
    Given the first pilot is open
    When the administrator closes the first pilot
    Then the answer is 204 with no body
    And the first pilot is Closed

  @op:acd.management.pilot.close @admin @negative
  Scenario: An unknown pilot cannot be closed
    # The close example posts to .../open (L14033): the operation's own resource is .../close.
    When the administrator closes an unknown pilot
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.management.pilot.close @user @negative
  Scenario: A user cannot close a pilot
    When user F closes the first pilot
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.management.pilot.open @admin @destructive
  Scenario: An administrator opens a closed pilot
    Given the first pilot is closed
    When the administrator opens the first pilot
    Then the answer is 204 with no body
    And the first pilot is Opened

  @op:acd.management.pilot.open @admin @negative
  Scenario: An unknown pilot cannot be opened
    When the administrator opens an unknown pilot
    Then the answer is the error NOT_FOUND with status 404
