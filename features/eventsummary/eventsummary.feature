@licence:ROXE_API_TEL_ADVANCED
Feature: Event summary: the user's new-event counters
  missedCallsNb counts the unanswered incoming calls of the communication log not acknowledged; only an
  acknowledgement or a new answered call with the same user lowers it (L8704-8710). OnEventSummaryUpdated
  (package eventSummary, L2088) is sent each time the counters change (L8739). An administrator names the
  user with loginName (o2g-rest-api-reference.txt L8644-8746).

  @op:eventsummary.get @user
  Scenario: A user reads its counters
    Given user A has missed a call from user B
    When user A reads its event summary
    Then the answer is 200 with an EventSummary body
    And the missed calls in the answer are the unacknowledged missed calls of the log of user A

  @op:eventsummary.get @admin
  Scenario: An administrator reads the counters of the user it names
    Given user B has missed a call from user C
    When the administrator reads the event summary of user B
    Then the answer is 200 with an EventSummary body
    And the event summary in the answer is the one user B reads

  @op:eventsummary.get @user
  Scenario: A user naming another user reads its own counters
    Given user B has missed a call from user C
    When user A reads the event summary of user B
    Then the answer is 200 with an EventSummary body
    And the event summary in the answer is the one user A reads

  @op:eventsummary.get @user @event:OnEventSummaryUpdated
  Scenario: Every unanswered call raises the missed-call counter, even from the same caller (L8711-8712)
    Given user A has read its event summary
    And user A listens to "eventSummary" events
    When user B calls user A
    And user B hangs up the call with user A
    And user B calls user A
    And user B hangs up the call with user A
    Then user A receives its event summary with the missed-call counter risen by 1
    And user A receives its event summary with the missed-call counter risen by 2
    And the missed-call counter of user A has risen by 2

  @op:eventsummary.get @user @event:OnEventSummaryUpdated
  Scenario: A new answered call with the same user lowers the missed-call counter (L8707-8709)
    Given user A has missed a call from user B
    And user A has read its event summary
    And user A listens to "eventSummary" events
    When user B calls user A
    And user A answers the call from user B
    And user B hangs up the call with user A
    Then user A receives its event summary with the missed-call counter fallen by the calls missed from user B
    And the missed-call counter of user A has fallen by the calls missed from user B

  @op:eventsummary.get @user
  Scenario: An answered call from another user leaves the missed-call counter as it is
    Given user A has missed a call from user B
    And user A has read its event summary
    When user C calls user A
    And user A answers the call from user C
    And user C hangs up the call with user A
    Then the missed-call counter of user A is unchanged

  @op:eventsummary.get @admin @negative
  Scenario: An administrator must name the user it acts for
    # loginName "MUST be specified" for an administrator session (L8666-8669).
    When the administrator reads the event summary with no loginName
    Then the answer is the error BAD_PARAMETER with status 400

  @op:eventsummary.get @admin @negative
  Scenario: An administrator naming an unknown user is answered not found
    When the administrator reads the event summary for an unknown user
    Then the answer is the error NOT_FOUND with status 400
