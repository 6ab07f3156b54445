Feature: Call Center Management: the normal and exception calendars of a pilot
  A pilot's calendar holds transitions per day of the week (normal days) and per date yyyymmdd
  (exception days); each gives the time "hh:mm", the rule 0..29 and the operating mode normal, closed or
  forward (PilotTransition L14308-14319), at most 10 a day, numbered 1..10 (L14320-14332). Adding to a date
  without transitions creates its first one (L13719-13720). Exception days are answered with `date`, as
  ExceptionTransitions says (L14121-14128), not the examples' "day" (L13646, L13704). Every transition a
  scenario adds, changes or removes is restored when it ends (o2g-rest-api-reference.txt L13578-14000).

  @op:acd.management.calendar.get @op:acd.management.calendar.normal.get @op:acd.management.calendar.exception.get @admin
  Scenario: The whole calendar is the normal and the exception calendars
    When the administrator reads the calendar of the first pilot
    Then the answer is 200 with a PilotCalendar body
    And the calendar's normal days are the normal calendar of the first pilot
    And the calendar's exception days are the exception calendar of the first pilot

  @op:acd.management.calendar.get @admin @negative
  Scenario: An unknown pilot has no calendar
    When the administrator reads the calendar of an unknown pilot
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.management.calendar.normal.get @admin
  Scenario: The normal calendar lists days of the week with numbered transitions
    When the administrator reads the normal calendar of the first pilot
    Then the answer is 200 with a NormalCalendar body
    And every day of the calendar has its transitions numbered from 1

  @op:acd.management.calendar.normal.get @user @negative
  Scenario: A user cannot read a calendar
    When user F reads the normal calendar of the first pilot
    Then the answer is the error NOT_ALLOWED with status 403

  @op:acd.management.calendar.exception.get @admin
  Scenario: The exception calendar lists dates with numbered transitions
    When the administrator reads the exception calendar of the first pilot
    Then the answer is 200 with an ExceptionCalendar body
    And every day of the calendar has its transitions numbered from 1

  @op:acd.management.calendar.exception.get @admin @negative
  Scenario: An unknown pilot has no exception calendar
    When the administrator reads the exception calendar of an unknown pilot
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.management.calendar.normal.transitions.add @admin @destructive
  Scenario: A transition added to a day of the week comes last on that day
    When the administrator adds the transition "03:11" forward on its active rule to the normal calendar of the first pilot on sunday
    Then the answer is 204 with no body
    And the normal calendar of the first pilot shows that transition last on sunday

  @op:acd.management.calendar.normal.transitions.add @admin @negative
  Scenario Outline: A transition with a wrong <what> is a bad parameter
    When the administrator adds the transition <transition> to the normal calendar of the first pilot on sunday
    Then the answer is the error BAD_PARAMETER with status 400
    And the normal calendar of the first pilot is unchanged

    Examples: PilotTransition (L14308-14319)
      | what        | transition                                       |
      | time        | {"time": "3:11", "ruleNumber": 0, "mode": "normal"}  |
      | time        | {"time": "24:00", "ruleNumber": 0, "mode": "normal"} |
      | rule number | {"time": "03:11", "ruleNumber": 30, "mode": "normal"} |
      | mode        | {"time": "03:11", "ruleNumber": 0, "mode": "open"}   |
      | body        | {"time": "03:11", "ruleNumber": 0}                   |

  @op:acd.management.calendar.normal.transitions.add @admin @negative
  Scenario: A day that is not a day of the week
    When the administrator adds the transition "03:11" forward on its active rule to the normal calendar of the first pilot on funday
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.management.calendar.normal.transition.modify @admin @destructive
  Scenario: An administrator changes a transition of a day of the week
    Given the administrator has added the transition "03:11" forward on its active rule to the normal calendar of the first pilot on sunday
    When the administrator changes that transition to "03:12" closed
    Then the answer is 204 with no body
    And the normal calendar of the first pilot shows that transition last on sunday

  @op:acd.management.calendar.normal.transition.modify @admin @negative
  Scenario: A transition number beyond the day's is not found
    When the administrator changes transition 11 of the normal calendar of the first pilot on monday to "03:12" closed
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.management.calendar.normal.transition.remove @admin @destructive
  Scenario: An administrator removes a transition of a day of the week
    Given the administrator has added the transition "03:11" forward on its active rule to the normal calendar of the first pilot on sunday
    When the administrator removes that transition
    Then the answer is 204 with no body
    And the normal calendar of the first pilot is as before the scenario

  @op:acd.management.calendar.normal.transition.remove @admin @negative
  Scenario: A transition number beyond the day's cannot be removed
    When the administrator removes transition 11 of the normal calendar of the first pilot on monday
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.management.calendar.exception.transitions.add @admin @destructive
  Scenario: A transition added to a date without transitions creates the date
    When the administrator adds the transition "03:12" forward on its active rule to the exception calendar of the first pilot on 20301224
    Then the answer is 204 with no body
    And the exception calendar of the first pilot shows that transition last on 20301224

  @op:acd.management.calendar.exception.transitions.add @admin @negative
  Scenario: A date that does not exist is a bad parameter
    When the administrator adds the transition "03:12" forward on its active rule to the exception calendar of the first pilot on 20300230
    Then the answer is the error BAD_PARAMETER with status 400

  @op:acd.management.calendar.exception.transition.modify @admin @destructive
  Scenario: An administrator changes a transition of an exception day
    Given the administrator has added the transition "03:12" forward on its active rule to the exception calendar of the first pilot on 20301224
    When the administrator changes that transition to "03:15" normal
    Then the answer is 204 with no body
    And the exception calendar of the first pilot shows that transition last on 20301224

  @op:acd.management.calendar.exception.transition.modify @admin @negative
  Scenario: A date without transitions has none to change
    When the administrator changes transition 1 of the exception calendar of the first pilot on 20301223 to "03:12" closed
    Then the answer is the error NOT_FOUND with status 404

  @op:acd.management.calendar.exception.transition.remove @admin @destructive
  Scenario: Removing the only transition of a date removes the date
    Given the administrator has added the transition "03:12" forward on its active rule to the exception calendar of the first pilot on 20301224
    When the administrator removes that transition
    Then the answer is 204 with no body
    And the exception calendar of the first pilot is as before the scenario

  @op:acd.management.calendar.exception.transition.remove @admin @negative
  Scenario: A transition of a date without transitions cannot be removed
    When the administrator removes transition 1 of the exception calendar of the first pilot on 20301223
    Then the answer is the error NOT_FOUND with status 404
