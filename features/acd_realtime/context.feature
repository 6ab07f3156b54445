@since:2.7.4
Feature: Call Center Real Time: the administrator's context, its snapshot and the changes it tells
  One RTI context per administrator filters the objects and attributes it observes (RtiContext
  L15529-15567; "*" for every object, "ALL" for every attribute). POST with a body creates and activates
  it, POST without a body activates the existing one (L14751-14752); PUT changes it, GET reads it
  (extended: "*" and "ALL" replaced by the actual values, L14866), DELETE removes it. The snapshot sends
  every observed attribute; afterwards each event carries the attributes that changed (L14646-14652).
  Readings: obsPeriod is 15..60 minutes and notifFrequency at least 5 s (L15536-15537); an operation that
  needs a context when there is none is NOT_FOUND 404. The context a scenario creates is deleted when it
  ends. User F is an agent, the first pilot the node's first (o2g-rest-api-reference.txt L14635-15665).

  @op:acd.rti.ctx.create @admin @destructive
  Scenario: An administrator creates its context, which is active
    When the administrator creates an RTI context observing user F and the first pilot
    Then the answer is 204 with no body
    And the RTI context of the administrator is active, observing user F and the first pilot

  @op:acd.rti.ctx.create @admin @destructive
  Scenario: Posting no context activates the existing one
    Given the administrator has an RTI context observing user F and the first pilot
    When the administrator activates its RTI context
    Then the answer is 204 with no body
    And the RTI context of the administrator is active, observing user F and the first pilot

  @op:acd.rti.ctx.create @admin @negative
  Scenario: There is no context to activate
    When the administrator activates its RTI context
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.rti.ctx.create @admin @negative
  Scenario Outline: A context outside the documented limits is a bad parameter
    When the administrator creates an RTI context with <field> <value>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: RtiContext limits (L15536-15537)
      | field          | value |
      | obsPeriod      | 14    |
      | obsPeriod      | 61    |
      | notifFrequency | 4     |

  @op:acd.rti.ctx.create @user @negative
  Scenario: A user has no RTI context
    When user F creates an RTI context observing user F and the first pilot
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.rti.ctx.modify @admin @destructive
  Scenario: An administrator changes its context
    Given the administrator has an RTI context observing user F and the first pilot
    When the administrator changes its RTI context to an observation period of 60 minutes
    Then the answer is 204 with no body
    And the RTI context of the administrator has an observation period of 60 minutes

  @op:acd.rti.ctx.modify @admin @negative
  Scenario: There is no context to change
    When the administrator changes its RTI context to an observation period of 60 minutes
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.rti.ctx.modify @admin @destructive @negative
  Scenario: A context cannot change to a notification frequency below 5 seconds
    Given the administrator has an RTI context observing user F and the first pilot
    When the administrator changes its RTI context to a notification frequency of 4 seconds
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.rti.ctx.get @admin @destructive
  Scenario: The extended context names every object and attribute that "*" and "ALL" stand for
    Given the administrator has an RTI context observing every queue with all their attributes
    When the administrator reads its extended RTI context
    Then the answer is 200 with a RtiContext body
    And the queue filter names every queue of the identifiers and every queue attribute

  @op:acd.rti.ctx.get @admin @negative
  Scenario: Without a context there is nothing to read
    When the administrator reads its RTI context
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.rti.ctx.delete @admin @destructive
  Scenario: An administrator removes its context
    Given the administrator has an RTI context observing user F and the first pilot
    When the administrator removes its RTI context
    Then the answer is 204 with no body
    And the administrator has no RTI context

  @op:acd.rti.ctx.delete @admin @negative
  Scenario: Without a context there is nothing to remove
    When the administrator removes its RTI context
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.rti.snapshot @admin @destructive
  @event:OnAgentRtiChanged @event:OnPilotRtiChanged @event:OnQueueRtiChanged
  @event:OnPGAgentRtiChanged @event:OnPGOtherRtiChanged
  Scenario: The snapshot tells every observed attribute of every observed object
    Given the administrator listens to "rti" events
    And the administrator has an RTI context observing every object with all its attributes
    When the administrator asks an RTI snapshot
    Then the answer is 204 with no body
    And the administrator receives OnAgentRtiChanged for every agent of the identifiers
    And the administrator receives OnPilotRtiChanged for every pilot of the identifiers
    And the administrator receives OnQueueRtiChanged for every queue of the identifiers
    And the administrator receives OnPGAgentRtiChanged for every pgAgent of the identifiers
    And the administrator receives OnPGOtherRtiChanged for every pgOther of the identifiers

  @op:acd.rti.snapshot @admin @negative
  Scenario: There is no snapshot without a context
    When the administrator asks an RTI snapshot
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.rti.snapshot @op:acd.agent.logon @admin @destructive @event:OnAgentRtiChanged @event:OnPGAgentRtiChanged
  Scenario: After the snapshot, an agent logging on is told with the changed attributes only
    Given the administrator listens to "rti" events
    And the administrator has an RTI context observing the service state of user F and its preferred group
    And the administrator has received the RTI snapshot
    When user F logs on its pro-ACD set
    Then the administrator receives OnAgentRtiChanged for user F with the service state Assigned only
    And the administrator receives OnPGAgentRtiChanged for the preferred group of user F with one more agent logged on

  @op:acd.rti.snapshot @admin @destructive @needs-control:phone @event:OnPilotRtiChanged @event:OnQueueRtiChanged
  Scenario: A call waiting on a pilot changes the waiting calls of the pilot and of its queue
    Given the administrator listens to "rti" events
    And the administrator has an RTI context observing the waiting calls of the first pilot and of every queue
    And the administrator has received the RTI snapshot
    When the external party calls the first pilot
    Then the administrator receives OnPilotRtiChanged for the first pilot with one more waiting call
    And the administrator receives OnQueueRtiChanged for a queue with one more waiting call
