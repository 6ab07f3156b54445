Feature: Analytics: accounting files and charging
  An administrator lists the accounting files of a PBX and reads its charging: a total per user sorted
  by cost, the top N, or every ticket of given files (o2g-rest-api-reference.txt L11738-11895; Chargings,
  Charging, ChargingFile L12070-12133). The service is for administrators only (L11740).

  @op:analytics.charging.files.list @admin
  Scenario: An administrator lists the accounting files of a PBX
    When the administrator lists the accounting files of the PBX of user A
    Then the answer is 200 with a ChargingFiles body
    And every file listed has a name, a date mm/dd/yy and a time hh:mm:ss

  @op:analytics.charging.files.list @admin
  Scenario: The files of one day
    Given the administrator has listed the accounting files of the PBX of user A
    When the administrator lists the accounting files of the PBX of user A of the day of the first one
    Then the answer is 200 with a ChargingFiles body
    And every file listed has a name, a date mm/dd/yy and a time hh:mm:ss, of the day of the first one

  @op:analytics.charging.files.list @admin @negative
  Scenario Outline: Accounting files asked without a node or with a malformed date
    # nodeId is mandatory, dates are yyyymmdd (L11844-11846).
    When the administrator lists the accounting files with the query "<query>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples:
      | query                                 |
      | fromDate=20260101                     |
      | nodeId=<node of A>&fromDate=01/01/26  |
      | nodeId=<node of A>&toDate=20261399    |

  @op:analytics.charging.get @admin
  Scenario: The total charging per user, the most expensive first
    When the administrator reads the charging of the PBX of user A
    Then the answer is 200 with a Chargings body
    And the totals are per caller, the most expensive first

  @op:analytics.charging.get @admin
  Scenario: Only the top charged users
    When the administrator reads the top 2 charging of the PBX of user A
    Then the answer is 200 with a Chargings body
    And the totals are per caller, the most expensive first, at most 2

  @op:analytics.charging.get @op:analytics.charging.files.list @admin
  Scenario: Every ticket of one accounting file
    # The way to read everything: list the files, then read them file by file (L11767-11769).
    Given the administrator has listed the accounting files of the PBX of user A
    When the administrator reads all the charging tickets of the first accounting file
    Then the answer is 200 with a Chargings body
    And every ticket names its caller and the called party, from 1 analysed file

  @op:analytics.charging.get @admin @negative
  Scenario Outline: Charging asked without a node or with malformed options
    When the administrator reads the charging with the query "<query>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: nodeId mandatory; top an int; all a boolean (L11776-11781)
      | query                       |
      | all=true                    |
      | nodeId=<node of A>&top=ten  |
      | nodeId=<node of A>&all=yes  |

  @user @negative
  Scenario Outline: Users have no access to the accounting
    # "only for an administrator" (L11740).
    When user A <request>
    Then the answer is the error NOT_ALLOWED with status 403

    @op.analytics.charging.get
    Examples:
      | request                                            |
      | reads the charging of the PBX of user A            |

    @op.analytics.charging.files.list
    Examples:
      | request                                            |
      | lists the accounting files of the PBX of user A    |
