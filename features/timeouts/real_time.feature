Feature: Timeouts in the target's own time
  The same timeouts as features/sessions and features/subscriptions, written so that they run on any
  target: on the emulator the virtual clock moves at once; on a real O2G the scenario waits in real time
  (tagged @slow: leave them out with -m "not slow"). Session TTL and keepalive (L665-673, L992-995,
  timeToLive since 2.7.4 L1081), the 5-minute purge with timeToLive 0 in otherSessions (L1121-1124),
  the minute keepalive event and the inactivity close of a chunk channel (L2113-2146).

  @op:sessions.session.get @op:sessions.session.open @slow @since:2.7.4 @negative
  Scenario: A session with a short time to live expires
    Given user A has opened a session with a time to live of 60 seconds
    When 70 seconds pass on the target's clock
    And user A gets its session information
    Then the answer is the error INVALID_SESSION with status 403

  @op:sessions.keepalive.post @slow @since:2.7.4
  Scenario: A keepalive restarts the session's time to live
    Given user A has opened a session with a time to live of 60 seconds
    When 40 seconds pass on the target's clock
    And user A sends a keepalive
    And 40 seconds pass on the target's clock
    And user A gets its session information
    Then the answer is 200 with a SessionInfo body

  @op:sessions.session.get @op:sessions.session.close @slow
  Scenario: A closed session is purged within 5 minutes
    Given user A has an open session
    And user A has opened a second session with a new credential
    And user A has closed its first session
    When user A gets its session information
    # Compared with what was listed before the close: a real target may still list earlier sessions of user A.
    Then the other sessions list 1 more session with a time to live of 0 than before
    When 305 seconds pass on the target's clock
    And user A gets its session information
    Then the finished sessions are no longer listed

  @op:subscriptions.subscription.create @slow @event:OnChannelInformation
  Scenario: An idle channel without timeout gets a keepalive every minute
    Given user A has an open session
    And user A has subscribed to "telephony" with a timeout of 0 minutes
    And user A has opened its event channel
    When 61 seconds pass on the target's clock
    Then user A receives the channel keepalive
    And the event channel of user A stays open

  @op:subscriptions.subscription.create @slow
  Scenario: An idle channel is closed when its timeout runs out, its subscription a minute later
    Given user A has an open session
    And user A has subscribed to "telephony" with a timeout of 2 minutes
    And user A has opened its event channel
    When 125 seconds pass on the target's clock
    Then the server closes the event channel of user A
    When 65 seconds pass on the target's clock
    Then the subscription of user A no longer exists
