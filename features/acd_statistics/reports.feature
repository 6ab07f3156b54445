@since:2.7.4
Feature: Call Center Statistics: reports of a context, immediate or scheduled
  The statistics of a context come at once (JSON Stats, or a CSV or XLS file, zipped, L15683-15687) for
  one day in time slots (D) or for up to 31 terminated days (D+, L15689-15696); with async=true the answer
  is 204 and OnAcdStatsProgress tells the progression (L17187-17209), which DELETE .../data/request
  cancels. Reports of several days are scheduled (L15697-15712); a new schedule is disabled (L16430).
  Readings: the data requests name days "in format(yyyy-MM-dd HH:mm)" (L16110-16111), the time being
  ignored; a schedule is named by the id its creation answers or by its name, unique in its context
  (L18383). User I is the supervisor of the scope, users F and G its agents; what a scenario sets is
  removed when it ends (o2g-rest-api-reference.txt L16099-16490, L16546-18412).

  Background:
    Given the administrator has set the statistics scope of user I with users F and G
    And the administrator has created a statistics context of user I for users F and G

  @op:acdstats.ctx.oneday_data.get @admin @destructive
  Scenario: The statistics of today, hour by hour, in JSON
    When the administrator asks the statistics of that context for today by hour
    Then the answer is 200 with the statistics
    And the report is a Stats of agents, one time slot per terminated hour of the supervisor's day
    And every time slot has a row for each of users F and G with the context's attributes

  @op:acdstats.ctx.oneday_data.get @admin @destructive
  Scenario: The statistics of today in a zipped CSV file
    When the administrator asks the statistics of that context for today by hour in CSV
    Then the answer is 200 with the statistics
    And the answer is a zip file of CSV tables whose header names the context's attributes

  @op:acdstats.ctx.oneday_data.get @admin @destructive @negative
  Scenario: A slot type that is not a SlotType
    # SlotType: aQuarterOfAnHour, halfAnHour, anHour (L17892-17897).
    When the administrator asks the statistics of that context for today by "aMinute"
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acdstats.ctx.oneday_data.get @admin @destructive @negative
  Scenario: The statistics of an unknown context
    When the administrator asks the statistics of an unknown context of user I for today by hour
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.ctx.oneday_jdata.get @admin @destructive
  Scenario: The documentation form of the one-day statistics is the same JSON report
    # "Don't use: Just for API documentation of Stats object" (L16190).
    When the administrator asks the documented Stats of that context for today
    Then the answer is 200 with a Stats body
    And the report is the JSON statistics of that context for today

  @op:acdstats.ctx.oneday_jdata.get @admin @destructive @negative
  Scenario: The documentation form of an unknown context
    When the administrator asks the documented Stats of an unknown context of user I
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.ctx.days_data.get @admin @destructive
  Scenario: The statistics of the last seven terminated days, one slot a day
    When the administrator asks the statistics of that context for the last 7 days
    Then the answer is 200 with the statistics
    And the report is a Stats of agents with one time slot for each of the 7 days

  @op:acdstats.ctx.days_data.get @admin @destructive
  Scenario: The statistics of several days in a zipped XLS workbook
    When the administrator asks the statistics of that context for the last 7 days in XLS
    Then the answer is 200 with the statistics
    And the answer is a zip file holding an XLS workbook

  @op:acdstats.ctx.days_data.get @admin @destructive @negative
  Scenario Outline: A period that is not <what> is a bad parameter
    When the administrator asks the statistics of that context from <begin> to <end>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: D+ reports: at most 31 consecutive terminated days (L15693)
      | what                     | begin               | end                 |
      | at most 31 days          | 32 days ago         | yesterday           |
      | made of terminated days  | yesterday           | today               |
      | in the right order       | yesterday           | 2 days ago          |

  @op:acdstats.ctx.days_data.get @admin @destructive @negative
  Scenario: A result format that is neither JSON, CSV nor XLS
    When the administrator asks the statistics of that context for the last 7 days in PDF
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acdstats.ctx.days_data.get @admin @destructive @needs-control:clock @event:OnAcdStatsProgress
  Scenario: An asynchronous request tells its progression up to the formatted result
    Given the administrator listens to "acdstats" events
    When the administrator asks the statistics of that context for the last 7 days asynchronously
    Then the answer is 204 with no body
    When 5 virtual seconds pass
    Then the administrator receives the progression of the statistics of user I up to FORMATED with the result files

  @op:acdstats.data_request.cancel @admin @destructive @needs-control:clock @event:OnAcdStatsProgress
  Scenario: An administrator cancels the requests in progress of a supervisor
    Given the administrator listens to "acdstats" events
    And the administrator has asked the statistics of that context for the last 7 days asynchronously
    When the administrator cancels the statistics requests of user I
    Then the answer is 204 with no body
    And the administrator receives the progression of the statistics of user I up to CANCELLED

  @op:acdstats.data_request.cancel @admin @negative
  Scenario: An unknown supervisor has no request to cancel
    When the administrator cancels the statistics requests of an unknown supervisor
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.schedule.create @admin @destructive
  Scenario: An administrator schedules a weekly report, disabled until enabled
    When the administrator schedules the weekly report "sales" of that context
    Then the answer is 200 with a RespId body
    And that schedule reads back as given, disabled and not executed
    And that context is scheduled

  @op:acdstats.schedule.create @admin @destructive @negative
  Scenario: The name of a report is unique
    # "Name of the report: the name must be unique" (L18383).
    Given the administrator has scheduled the weekly report "sales" of that context
    When the administrator schedules the weekly report "sales" of that context
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acdstats.schedule.create @admin @destructive @negative
  Scenario Outline: A schedule without <what> is a bad parameter
    When the administrator schedules the weekly report "sales" of that context without <field>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: StatsSchedule [1] fields (L18380-18412)
      | what                   | field      |
      | recipients             | recipients |
      | an observation period  | obsPeriod  |
      | a frequency            | frequency  |

  @op:acdstats.schedule.list @admin @destructive
  Scenario: An administrator lists the schedules of a context
    Given the administrator has scheduled the weekly report "sales" of that context
    When the administrator lists the schedules of that context
    Then the answer is 200 with a StatsSchedules body
    And the schedules are that schedule only

  @op:acdstats.schedule.list @admin @destructive @negative
  Scenario: An unknown context has no schedules to list
    When the administrator lists the schedules of an unknown context of user I
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.schedule.get @admin @destructive
  Scenario: A schedule is read by its identifier or by its name
    Given the administrator has scheduled the weekly report "sales" of that context
    When the administrator reads that schedule by its name
    Then the answer is 200 with a StatsSchedule body
    And the schedule is the one read by its identifier

  @op:acdstats.schedule.get @admin @destructive @negative
  Scenario: An unknown schedule is not found
    When the administrator reads an unknown schedule of that context
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.schedule.update @admin @destructive
  Scenario: An administrator changes a schedule to a monthly report
    Given the administrator has scheduled the weekly report "sales" of that context
    When the administrator changes that schedule to a monthly report on the last day of the month
    Then the answer is 204 with no body
    And that schedule reads back as changed, still disabled

  @op:acdstats.schedule.update @admin @destructive @negative
  Scenario: A monthly report names its day
    # ReportFrequency.dayInMonth: "If monthly, the day in the month(1-31) or 0 for last day" (L17838).
    Given the administrator has scheduled the weekly report "sales" of that context
    When the administrator changes that schedule to a monthly report on day 32
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acdstats.schedule.delete @admin @destructive
  Scenario: An administrator deletes a schedule
    Given the administrator has scheduled the weekly report "sales" of that context
    When the administrator deletes that schedule
    Then the answer is 204 with no body
    And that schedule no longer exists

  @op:acdstats.schedule.delete @admin @destructive @negative
  Scenario: An unknown schedule cannot be deleted
    When the administrator deletes an unknown schedule of that context
    Then the answer is the error NOT_FOUND with status 404

  @op:acdstats.schedule.enable @admin @destructive
  Scenario: An administrator enables a schedule, then pauses it
    # enable absent means true (L16428-16429).
    Given the administrator has scheduled the weekly report "sales" of that context
    When the administrator enables that schedule
    Then the answer is 204 with no body
    And that schedule is enabled
    When the administrator pauses that schedule
    Then the answer is 204 with no body
    And that schedule is disabled

  @op:acdstats.schedule.enable @admin @destructive @negative
  Scenario: enable is true or false
    Given the administrator has scheduled the weekly report "sales" of that context
    When the administrator sets the enable flag of that schedule to "maybe"
    Then the answer is the error BAD_PARAMETER with status 400
