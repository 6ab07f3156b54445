@licence:ROXE_API_TEL_ADVANCED
Feature: Communication log: records left by calls, search, identifiers and single records
  O2G builds a record for each user a call concerned (L7786-7797): the owner carries its role and
  whether it answered, the other participants neither (L8489-8495). The events of package
  unifiedComLog (L2089) tell the changes. A user reads its own log; an administrator names the user
  with loginName, ignored for a user session (L7840-7842) (o2g-rest-api-reference.txt L7781-8643).

  @op:comlog.records.list @op:eventsummary.get @user @event:OnComRecordCreated @event:OnEventSummaryUpdated
  Scenario: A missed call appears in the log, unacknowledged, and raises the missed-call counter
    Given user A has read its event summary
    And user A listens to "unifiedComLog" and "eventSummary" events
    And user B has called user A
    When user B hangs up the call with user A
    Then user A receives the new record of its missed call from user B
    And user A receives its event summary with the missed-call counter risen by 1
    When user A lists its communication log
    Then the answer is 200 with a ComHistoryRecords body
    And the log in the answer holds the missed call of user A from user B
    And the missed-call counter of user A has risen by 1

  @op:comlog.records.list @user @event:OnComRecordCreated
  Scenario: The caller's log holds the call it made, unanswered and acknowledged
    Given user B listens to "unifiedComLog" events
    And user B has called user A
    When user B hangs up the call with user A
    Then user B receives the new record of its unanswered call to user A
    When user B lists its communication log
    Then the answer is 200 with a ComHistoryRecords body
    And the log in the answer holds the unanswered call of user B to user A

  @op:comlog.records.list @user
  Scenario: An answered call is in the log of both parties
    Given user A has talked with user B
    When user A lists its communication log
    Then the answer is 200 with a ComHistoryRecords body
    And the log in the answer holds the answered call of user A to user B
    When user B lists its communication log
    Then the answer is 200 with a ComHistoryRecords body
    And the log in the answer holds the answered call of user B from user A

  @op:comlog.records.list @user
  Scenario Outline: The search criteria select the records
    Given user A has missed a call from user B
    And user A has talked with user C
    When user A lists its communication log with "<query>"
    Then the answer is 200 with a ComHistoryRecords body
    And every record in the answer is <kind>
    And the log in the answer holds <which>

    Examples: unanswered, unacknowledged, role (L7853-7871)
      | query               | kind                             | which                                 |
      | unanswered=true     | a missed call of user A          | the missed call of user A from user B |
      | unacknowledged=true | an unacknowledged call of user A | the missed call of user A from user B |
      | role=CALLER         | a call made by user A            | the answered call of user A to user C |
      | role=CALLEE         | a call received by user A        | the missed call of user A from user B |

  @op:comlog.records.list @user
  Scenario: The records with one remote party are selected by its identifier
    Given user A has missed a call from user B
    And user A has talked with user C
    When user A lists its records with user C
    Then the answer is 200 with a ComHistoryRecords body
    And every record in the answer is a call of user A with user C
    And the log in the answer holds the answered call of user A to user C

  @op:comlog.records.list @user
  Scenario: The log is read page by page
    Given user A has missed a call from user B
    And user A has talked with user C
    When user A lists its communication log with "offset=0&limit=1"
    Then the answer is 200 with a ComHistoryRecords body
    And the answer is a page of 1 record at offset 0 of the whole log of user A

  @op:comlog.records.list @user
  Scenario: An optimized log names a participant in full only the first time it occurs
    Given user A has missed a call from user B
    And user A has missed a call from user B
    When user A lists its communication log with "optimized=true"
    Then the answer is 200 with a ComHistoryRecords body
    And user B is named in full only the first time it occurs in the answer

  @op:comlog.records.list @admin
  Scenario: An administrator reads the log of the user it names
    Given user A has missed a call from user B
    When the administrator lists the communication log of user A
    Then the answer is 200 with a ComHistoryRecords body
    And the log in the answer holds the missed call of user A from user B

  @op:comlog.records.list @user
  Scenario: A user naming another user reads its own log, never the other's
    Given user A has missed a call from user B
    And user C has talked with user D
    When user C lists the communication log of user A
    Then the answer is 200 with a ComHistoryRecords body
    And the log in the answer holds the answered call of user C to user D
    And the log in the answer holds no record of user A

  @op:comlog.records.list @user @negative
  Scenario Outline: Search criteria with wrong values are bad parameters
    When user A lists its communication log with "<query>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: Role (L7866, L8624-8629), booleans, dates yyyy-MM-ddTHH:mm:ss.SSSZ (L7859), int (L7874-7881)
      | query                 |
      | role=MASTER           |
      | unanswered=perhaps    |
      | afterDate=yesterday   |
      | beforeDate=16/05/2013 |
      | limit=ten             |

  @op:comlog.records.recordids.get @user
  Scenario: A user lists the identifiers of its records
    Given user A has missed a call from user B
    And user A has talked with user C
    When user A lists the identifiers of its records
    Then the answer is 200 with a ComHistoryRecordIds body
    And the identifiers in the answer are those of the records of user A

  @op:comlog.records.recordids.get @admin
  Scenario: An administrator lists the identifiers of the records of the user it names
    Given user A has missed a call from user B
    When the administrator lists the identifiers of the records of user A
    Then the answer is 200 with a ComHistoryRecordIds body
    And the identifiers in the answer are those of the records of user A

  @op:comlog.record.get @user
  Scenario: A user reads one of its records
    Given user A has missed a call from user B
    When user A reads the record of its missed call from user B
    Then the answer is 200 with a ComHistoryRecord body
    And the record in the answer is the missed call of user A from user B

  @op:comlog.record.get @admin
  Scenario: An administrator reads a record of the user it names
    Given user A has talked with user B
    When the administrator reads the record of user A's answered call to user B
    Then the answer is 200 with a ComHistoryRecord body
    And the record in the answer is the answered call of user A to user B

  @op:comlog.record.get @user @negative
  Scenario: A record that the log does not hold is not found
    When user A reads an unknown record
    Then the answer is the error NOT_FOUND with status 404

  @op:comlog.record.get @user @negative
  Scenario: A user cannot read a record of another user's log
    Given user A has missed a call from user B
    When user C reads the record of user A's missed call from user B
    Then the answer is the error NOT_FOUND with status 404

  @admin @negative
  Scenario Outline: An administrator must name the user it acts for
    When the administrator <action> with no loginName
    Then the answer is the error BAD_PARAMETER with status 400

    @op.comlog.records.list
    Examples: loginName "MUST be specified" for an administrator session (L7840-7842)
      | action                           |
      | lists the communication log      |

    @op.comlog.records.recordids.get
    Examples: loginName "MUST be specified" for an administrator session (L7840-7842)
      | action                           |
      | lists the identifiers of records |

    @op.comlog.record.get
    Examples: loginName "MUST be specified" for an administrator session (L7840-7842)
      | action                           |
      | reads a record                   |

    @op.comlog.record.delete
    Examples: loginName "MUST be specified" for an administrator session (L7840-7842)
      | action                           |
      | deletes a record                 |

    @op.comlog.records.delete
    Examples: loginName "MUST be specified" for an administrator session (L7840-7842)
      | action                           |
      | deletes records                  |

    @op.comlog.records.acknowledge
    Examples: loginName "MUST be specified" for an administrator session (L7840-7842)
      | action                           |
      | acknowledges records             |

  @admin @negative
  Scenario Outline: An administrator naming an unknown user is answered not found
    When the administrator <action> for an unknown user
    Then the answer is the error NOT_FOUND with status <status>

    @op.comlog.records.list
    Examples: 404 where the operation lists it (L8142), else 400
      | action                      | status |
      | lists the communication log | 400    |

    @op.comlog.record.get
    Examples: 404 where the operation lists it (L8142), else 400
      | action                      | status |
      | reads a record              | 404    |
