@since:2.7.4
Feature: Call Center Statistics: supervisors' scopes and statistics contexts
  An administrator gives a supervisor (user I, identified by its number) a scope of agents (users F and
  G), then contexts selecting agents of the scope, or pilots, and their attributes (L15679-15704). The
  statistics are for administrators only (L15671). Readings: POST /acd/stats/scope answers the URLs its
  summary announces (L15724-15725) although StatsScopeAnswer lists no field (L18456-18457); a context
  with both an agent and a pilot filter is a bad parameter ("must not be present at the same time",
  L18298, rather than the pilot filter ignored, L18301-18302); POST .../ctx answers RespId {"id"} (L15906)
  rather than the example's bare 11 (L15908). What a scenario sets is removed when it ends
  (o2g-rest-api-reference.txt L15666-16096, L16493-16544, L18203-18479).

  @op:acdstats.scope.set @admin @destructive
  Scenario: An administrator sets the scope of a supervisor
    When the administrator sets the statistics scope of user I with users F and G
    Then the answer is 200 with a StatsScopeAnswer body
    And the statistics scope of user I reads back as it was set

  @op:acdstats.scope.set @admin @destructive
  Scenario: A new scope takes the agents it no longer lists out of the supervisor's contexts
    # "If during a new installation ... one or more agents who are no longer in the list, these will be
    # deleted from already existing contexts" (L15699-15701).
    Given the administrator has set the statistics scope of user I with users F and G
    And the administrator has created a statistics context of user I for users F and G
    When the administrator sets the statistics scope of user I with user F
    Then the answer is 200 with a StatsScopeAnswer body
    And that context observes user F only

  @op:acdstats.scope.set @admin @negative
  Scenario Outline: A supervisor with a wrong <what> is a bad parameter
    When the administrator sets the statistics scope of user I with users F and G and the supervisor <field> <value>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: SupervisorData (L18468-18479)
      | what       | field      | value  |
      | identifier | identifier | ""     |
      | timezone   | timezone   | +13:00 |
      | timezone   | timezone   | 01:00  |
      | language   | language   | IT     |

  @op:acdstats.scope.set @user @negative
  Scenario: A user cannot set a statistics scope
    # "All the operations of this API is available only through O2G administrator session" (L15671).
    When user I sets the statistics scope of user I with users F and G
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acdstats.scope.get @admin @destructive
  Scenario: An administrator reads the scope of a supervisor
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator reads the statistics scope of user I
    Then the answer is 200 with a SupervisorData body
    And the supervisor is user I, in the language and time zone it was given

  @op:acdstats.scope.get @admin @negative
  Scenario: A supervisor without a scope is not found
    When the administrator reads the statistics scope of an unknown supervisor
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.scope.delete @admin @destructive
  Scenario: An administrator deletes the scope of a supervisor
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator deletes the statistics scope of user I
    Then the answer is 204 with no body
    And user I has no statistics scope

  @op:acdstats.scope.delete @admin @negative
  Scenario: The scope of an unknown supervisor cannot be deleted
    When the administrator deletes the statistics scope of an unknown supervisor
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.filter.get @admin @destructive
  Scenario: The filter of a supervisor details its agents and every attribute with its reference
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator reads the statistics filter of user I
    Then the answer is 200 with a StatsFilterResp body
    And the filter details users F and G and every attribute with its nomenclature reference

  @op:acdstats.filter.get @admin @negative
  Scenario: An unknown supervisor has no filter
    When the administrator reads the statistics filter of an unknown supervisor
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.ctx.create @admin @destructive
  Scenario: An administrator creates a context of agents for a supervisor
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator creates a statistics context of user I for users F and G
    Then the answer is 200 with a RespId body
    And that context reads back with its label and its agent filter

  @op:acdstats.ctx.create @admin @destructive
  Scenario: An administrator creates a context of pilots
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator creates a statistics context of user I for the first pilot
    Then the answer is 200 with a RespId body
    And that context reads back with its pilot filter

  @op:acdstats.ctx.create @admin @destructive @negative
  Scenario: A context cannot filter agents and pilots at once
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator creates a statistics context of user I for users F and G and the first pilot
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acdstats.ctx.create @admin @destructive @negative
  Scenario: A context can only observe agents of the scope
    # "The content of a supervisor's context (report) is based on the list of agents received in scope" (L15699).
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator creates a statistics context of user I for user H
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acdstats.ctx.create @admin @negative
  Scenario: A supervisor without a scope has no context
    When the administrator creates a statistics context of an unknown supervisor
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.ctx.list @admin @destructive
  Scenario: An administrator lists the contexts of a supervisor
    Given the administrator has set the statistics scope of user I with users F and G
    And the administrator has created a statistics context of user I for users F and G
    When the administrator lists the statistics contexts of user I
    Then the answer is 200 with a StatsContexts body
    And the contexts are that context only

  @op:acdstats.ctx.list @admin @negative
  Scenario: An unknown supervisor has no contexts to list
    When the administrator lists the statistics contexts of an unknown supervisor
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.ctx.get @admin @destructive
  Scenario: An administrator reads a context
    Given the administrator has set the statistics scope of user I with users F and G
    And the administrator has created a statistics context of user I for users F and G
    When the administrator reads that statistics context
    Then the answer is 200 with a StatsContext body
    And the context names its identifier and its supervisor, and is not scheduled

  @op:acdstats.ctx.get @admin @destructive @negative
  Scenario: An unknown context is not found
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator reads an unknown statistics context of user I
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.ctx.update @admin @destructive
  Scenario: An administrator renames a context, which keeps its filter
    # "if the context already exists, it is updated with the present attributes" (L18242).
    Given the administrator has set the statistics scope of user I with users F and G
    And the administrator has created a statistics context of user I for users F and G
    When the administrator renames that statistics context "renamed"
    Then the answer is 204 with no body
    And that context reads back with the label "renamed" and its agent filter

  @op:acdstats.ctx.update @admin @destructive @negative
  Scenario: A context cannot be changed to observe an agent outside the scope
    Given the administrator has set the statistics scope of user I with users F and G
    And the administrator has created a statistics context of user I for users F and G
    When the administrator changes that statistics context to observe user H
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acdstats.ctx.update @admin @destructive @negative
  Scenario: An unknown context cannot be changed
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator renames an unknown statistics context of user I
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.ctx.delete @admin @destructive
  Scenario: An administrator deletes a context
    Given the administrator has set the statistics scope of user I with users F and G
    And the administrator has created a statistics context of user I for users F and G
    When the administrator deletes that statistics context
    Then the answer is 204 with no body
    And that statistics context no longer exists

  @op:acdstats.ctx.delete @admin @destructive @negative
  Scenario: An unknown context cannot be deleted
    Given the administrator has set the statistics scope of user I with users F and G
    When the administrator deletes an unknown statistics context of user I
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.ctx.delete_all @admin @destructive
  Scenario: An administrator deletes every context of a supervisor
    Given the administrator has set the statistics scope of user I with users F and G
    And the administrator has created a statistics context of user I for users F and G
    When the administrator deletes every statistics context of user I
    Then the answer is 204 with no body
    And user I has no statistics context

  @op:acdstats.ctx.delete_all @admin @negative
  Scenario: An unknown supervisor has no contexts to delete
    When the administrator deletes every statistics context of an unknown supervisor
    Then the answer is the error NOT_FOUND with status 404
