@licence:ROXE_API_TEL_ADVANCED
Feature: Routing management: routes acting on calls
  A forward takes the calls away from the user and the communication logs tell it (re-routed call,
  L8497-8507); an overflow only applies while no forward is active (L6844); do not disturb keeps calls
  away from the set. The no-answer delay runs on the emulator's virtual clock
  (o2g-rest-api-reference.txt L6838-6846, L7133-7289, L7290-7412, L8485-8520).

  @op:routing.forwardroute.set @op:comlog.records.list @user @destructive
  Scenario: A forwarded call is answered at the destination and every log tells it was forwarded
    Given user A has forwarded its calls to user C
    And user B has called user A
    When user C answers the call from user B
    And user B hangs up the call with user A
    Then the communication log of user B shows its call to user A forwarded to user C, answered
    And the communication log of user A shows the call from user B forwarded to user C, answered
    And the communication log of user C shows the call from user B forwarded by user A, answered

  @op:routing.forwardroute.set @user @destructive
  Scenario: An immediate forward rings the destination, not the user
    Given user A has forwarded its calls to user C
    When user B calls user A
    Then user C is offered the call from user B
    And user A is offered no call

  @op:routing.forwardroute.set @op:routing.overflowroute.set @user @destructive @needs-control:clock
  Scenario: While a forward is active calls follow it, not the overflow; once cancelled, the overflow applies
    Given user A has forwarded its calls to user C on no answer
    And user A has an overflow to its voice mail on no answer
    And user B has called user A
    When 20 virtual seconds pass
    Then user C is offered the call from user B
    When user B hangs up the call with user A
    And user A cancels its forward
    And user B calls user A
    And 20 virtual seconds pass
    Then the call of user B is taken by the voice mail

  @op:routing.overflowroute.set @user @destructive
  Scenario: An overflow on busy takes the calls of a user in conversation
    Given user A has an overflow to user C on busy
    And user A is in a call with user D
    When user B calls user A
    Then user C is offered the call from user B

  @op:routing.dnd.set @user @destructive
  Scenario: A user in do not disturb is offered no call
    Given user A has activated do not disturb
    When user B calls user A
    Then user A is offered no call
