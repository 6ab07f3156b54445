@licence:ROXE_API_TEL_ADVANCED
Feature: Communication log: acknowledging, deleting and completing records
  Missed calls are acknowledged or unacknowledged (OnComRecordsAck, OnComRecordsUnAck) and the
  missed-call counter follows (L8704-8710); records are deleted one by one, by identifiers, by criteria
  or all (OnComRecordsDeleted, without recordIds when all are gone, L8470-8477); a conference left first
  by one participant creates the records, completed when the call ends (OnComRecordModified, L7793-7797)
  (o2g-rest-api-reference.txt L7781-8183, L8400-8484).

  @op:comlog.records.acknowledge @op:eventsummary.get @user @event:OnComRecordsAck @event:OnEventSummaryUpdated
  Scenario: Acknowledging a missed call lowers the missed-call counter
    Given user A has missed a call from user B
    And user A has read its event summary
    And user A listens to "unifiedComLog" and "eventSummary" events
    When user A acknowledges its missed call from user B
    Then the answer is 204 with no body
    And user A receives that its missed call from user B was acknowledged
    And user A receives its event summary with the missed-call counter fallen by 1
    And the record of user A's missed call from user B is acknowledged
    And the missed-call counter of user A has fallen by 1

  @op:comlog.records.acknowledge @op:eventsummary.get @user @event:OnComRecordsUnAck @event:OnEventSummaryUpdated
  Scenario: Unacknowledging a missed call raises the missed-call counter again
    Given user A has missed a call from user B
    And user A has acknowledged its missed call from user B
    And user A has read its event summary
    And user A listens to "unifiedComLog" and "eventSummary" events
    When user A unacknowledges its missed call from user B
    Then the answer is 204 with no body
    And user A receives that its missed call from user B was unacknowledged
    And user A receives its event summary with the missed-call counter risen by 1
    And the record of user A's missed call from user B is unacknowledged

  @op:comlog.records.acknowledge @admin
  Scenario: An administrator acknowledges a missed call of the user it names
    Given user A has missed a call from user B
    When the administrator acknowledges the missed call of user A from user B
    Then the answer is 204 with no body
    And the record of user A's missed call from user B is acknowledged

  @op:comlog.records.acknowledge @user
  Scenario: A user naming another user acknowledges in its own log only
    Given user A has missed a call from user B
    And user C has missed a call from user D
    When user C acknowledges user A's missed call from user B, naming user A
    Then the answer is 204 with no body
    And the record of user A's missed call from user B is unacknowledged

  @op:comlog.records.acknowledge @user @negative
  Scenario Outline: The acknowledge parameter says true or false
    Given user A has missed a call from user B
    When user A acknowledges its missed call from user B with "<query>"
    Then the answer is the error BAD_PARAMETER with status 400
    And the record of user A's missed call from user B is unacknowledged

    Examples: acknowledge: "true to acknowledge ..., false to unacknowledge" (L7819-7820)
      | query             |
      |                   |
      | acknowledge=maybe |

  @op:comlog.record.delete @user @event:OnComRecordsDeleted
  Scenario: A user deletes one of its records
    Given user A has talked with user B
    And user A listens to "unifiedComLog" events
    When user A deletes the record of its answered call to user B
    Then the answer is 204 with no body
    And user A receives that its record of the answered call to user B was deleted
    And the log of user A no longer holds the record deleted

  @op:comlog.record.delete @admin
  Scenario: An administrator deletes a record of the user it names
    Given user A has talked with user B
    When the administrator deletes the record of user A's answered call to user B
    Then the answer is 204 with no body
    And the log of user A no longer holds the record deleted

  @op:comlog.record.delete @user
  Scenario: A user cannot delete a record of another user's log
    # Unknown ids delete nothing and raise no error (L8033-8036).
    Given user A has missed a call from user B
    When user C deletes the record of user A's missed call from user B
    Then the answer is 204 with no body
    And the record of user A's missed call from user B is unacknowledged

  @op:comlog.records.delete @user @event:OnComRecordsDeleted
  Scenario: A user deletes the records it names
    Given user A has talked with user B
    And user A has talked with user C
    And user A listens to "unifiedComLog" events
    When user A deletes the records of its answered calls to users B and C
    Then the answer is 204 with no body
    And user A receives that its records of the answered calls to users B and C were deleted
    And the log of user A no longer holds the records deleted

  @op:comlog.records.delete @user @destructive
  Scenario: A user deletes the records that match criteria
    # @destructive: on a real target this removes every missed call of the user's history.
    Given user A has missed a call from user B
    And user A has talked with user C
    When user A deletes its records with "unanswered=true"
    Then the answer is 204 with no body
    And the log of user A no longer holds its missed call from user B
    And the log of user A still holds its answered call to user C

  @op:comlog.records.delete @user @destructive @event:OnComRecordsDeleted
  Scenario: A user deletes its whole log
    # @destructive: on a real target this removes the user's whole history.
    Given user A has missed a call from user B
    And user A has talked with user C
    And user A listens to "unifiedComLog" events
    When user A deletes its whole communication log
    Then the answer is 204 with no body
    And user A receives that all its records were deleted
    And the log of user A is empty

  @op:comlog.records.delete @user
  Scenario: Deleting unknown records is no error and tells nothing
    # "If the IDs are unknown, no error message will be raised ... the event won't be generated" (L8033-8036).
    Given user A has talked with user B
    And user A listens to "unifiedComLog" events
    When user A deletes an unknown record among its records
    Then the answer is 204 with no body
    And user A receives no "OnComRecordsDeleted"
    And the log of user A still holds its answered call to user B

  @op:comlog.records.delete @user @negative
  Scenario Outline: Deletion criteria with wrong values are bad parameters
    Given user A has talked with user B
    When user A deletes its records with "<query>"
    Then the answer is the error BAD_PARAMETER with status 400
    And the log of user A still holds its answered call to user B

    Examples: role CALLER or CALLEE (L8047-8049), dates yyyy-MM-ddTHH:mm:ss.SSSZ (L8041)
      | query               |
      | role=MASTER         |
      | afterDate=yesterday |

  @user @needs-control:phone @event:OnComRecordCreated @event:OnComRecordModified
  Scenario: A conference left first by one participant is logged then completed when it ends
    Given user B is in a call with user A
    And user A has put the call with user B on hold
    And user A is in a call with user C
    And user A has merged its call with user C and its held call with user B
    And user A listens to "unifiedComLog" events
    When user C leaves the call with users A and B
    Then user A receives the new record of its conference with users B and C, not yet ended
    When user B hangs up the handset
    Then user A receives that record completed with its end date
