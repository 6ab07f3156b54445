Feature: Session management
  Sessions are opened once per credential, live 1800 s by default (or timeToLive since 2.7.4),
  are restarted by every request and end with DELETE or on expiry
  (o2g-rest-api-reference.txt L665-1124).

  @op:sessions.session.open @user
  Scenario: A user opens a session
    Given user A is authenticated
    When user A opens a session
    Then the answer is 200 with a SessionInfo body
    And the session is a user session of user A
    And the session's time to live is 1800 seconds
    And the session offers the service "subscriptions"
    And the session has a creation date

  @op:sessions.session.open @admin
  Scenario: An administrator opens a session
    Given the administrator is authenticated
    When the administrator opens a session
    Then the answer is 200 with a SessionInfo body
    And the session is an administrator session of the administrator
    And the session offers the service "subscriptions"

  @op:sessions.session.open @supervised
  Scenario Outline: An administrator opens a session supervising a user
    Given the administrator is authenticated
    When the administrator opens a session supervising user B by <identifier>
    Then the answer is 200 with a SessionInfo body
    And the session is a user session of user B

    Examples:
      | identifier   |
      | login name   |
      | phone number |

  @op:sessions.session.open @supervised @negative
  Scenario: Supervising an unknown account is refused
    Given the administrator is authenticated
    When the administrator opens a session supervising an unknown login name
    Then the answer is the error NOT_FOUND with status 400

  @op:sessions.session.open @negative
  Scenario: A session is opened only once per credential
    Given user A is authenticated
    And user A has an open session
    When user A opens a second session with the same credential
    Then the answer is the error NOT_ALLOWED with status 403

  @op:sessions.session.open @negative
  Scenario: Opening a session needs the AlcUserId cookie
    Given user A is authenticated
    When user A opens a session without the AlcUserId cookie
    Then the answer is the error INVALID_SESSION with status 403

  @op:sessions.session.open @negative
  Scenario: A forged credential opens no session
    When user A opens a session with a forged AlcUserId cookie
    Then the answer is the error INVALID_SESSION with status 403

  @op:sessions.session.open @negative
  Scenario: The application name is mandatory
    Given user A is authenticated
    When user A opens a session without an application name
    Then the answer is the error BAD_PARAMETER with status 400
    And the error's inner message mentions "applicationName"

  @op:sessions.session.open @negative
  Scenario: A malformed JSON body is refused with a documented error
    Given user A is authenticated
    When user A opens a session with a malformed JSON body
    Then the answer is the error BAD_PARAMETER with status 400

  @op:sessions.session.open @since:2.7.4
  Scenario: A session takes the time to live it asks for
    Given user A is authenticated
    When user A opens a session with a time to live of 120 seconds
    Then the answer is 200 with a SessionInfo body
    And the session's time to live is 120 seconds

  @op:sessions.session.get @op:sessions.session.open
  Scenario: A user with two credentials sees its other session
    Given user A has an open session
    And user A has opened a second session with a new credential
    When user A gets its session information
    Then the answer is 200 with a SessionInfo body
    And the other sessions include 1 live session

  @op:sessions.session.get @op:sessions.session.close @needs-control:clock
  Scenario: A closed session stays listed with a time to live of 0 until the purge
    Given user A has an open session
    And user A has opened a second session with a new credential
    And user A has closed its first session
    When user A gets its session information
    Then the answer is 200 with a SessionInfo body
    And the other sessions list 1 session with a time to live of 0
    When 300 virtual seconds pass
    And user A gets its session information
    Then the other sessions list 0 sessions

  @op:sessions.session.get
  Scenario: A user reads its session information
    Given user A has an open session
    When user A gets its session information
    Then the answer is 200 with a SessionInfo body
    And the session is a user session of user A

  @op:sessions.session.get @negative
  Scenario: A closed session is no longer valid
    Given user A has an open session
    And user A has closed its session
    When user A gets its session information
    Then the answer is the error INVALID_SESSION with status 403

  @op:sessions.session.get @needs-control:clock @negative
  Scenario: A session expires after its time to live without requests
    Given user A has an open session
    When 1810 virtual seconds pass
    And user A gets its session information
    Then the answer is the error INVALID_SESSION with status 403

  @op:sessions.session.get @op:sessions.session.open @needs-control:clock @since:2.7.4 @negative
  Scenario: A short time to live expires sooner
    Given user A has opened a session with a time to live of 120 seconds
    When 130 virtual seconds pass
    And user A gets its session information
    Then the answer is the error INVALID_SESSION with status 403

  @op:sessions.keepalive.post
  Scenario: A keepalive restarts the session timer
    Given user A has an open session
    When user A sends a keepalive
    Then the answer is 204 with no body

  @op:sessions.keepalive.post @needs-control:clock
  Scenario: A session kept alive outlives its time to live
    Given user A has an open session
    And 1200 virtual seconds have passed
    And user A has sent a keepalive
    When 1200 virtual seconds pass
    And user A gets its session information
    Then the answer is 200 with a SessionInfo body

  @op:sessions.keepalive.post @negative
  Scenario: A keepalive on a closed session is refused
    Given user A has an open session
    And user A has closed its session
    When user A sends a keepalive
    Then the answer is the error INVALID_SESSION with status 403

  @op:sessions.session.close
  Scenario: A user closes its session
    Given user A has an open session
    When user A closes its session
    Then the answer is 204 with no body

  @op:sessions.session.close @admin
  Scenario: An administrator closes its session
    Given the administrator has an open session
    When the administrator closes its session
    Then the answer is 204 with no body

  @op:sessions.session.close @negative
  Scenario: Closing a session twice is refused
    Given user A has an open session
    And user A has closed its session
    When user A closes its session again
    Then the answer is the error INVALID_SESSION with status 403
