Feature: Request timeouts: the telephony service's 5 seconds and the client's own
  A telephony operation that "has exceeded the expected response timeout (default 5 seconds)" fails with
  the telephony error REQUEST_TIMEOUT (o2g-rest-api-reference.txt L543). The emulator's PBX latency is
  injected and runs on the virtual clock. The client's HTTP timeout (--o2g-timeout) turns a target that
  does not answer into a clear failure, never a hung suite.

  @op:telephony.calls.list @needs-control:fault @needs-control:clock
  Scenario: A PBX answering within 5 seconds is waited for
    Given user A has an open session
    And the PBX takes 4 seconds to answer "telephony.calls.list"
    And the virtual time is noted
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    And the virtual clock has moved by 4 seconds

  @op:telephony.calls.list @needs-control:fault @needs-control:clock @negative
  Scenario: A PBX that does not answer within 5 seconds: REQUEST_TIMEOUT
    Given user A has an open session
    And the PBX takes 8 seconds to answer "telephony.*"
    And the virtual time is noted
    When user A calls "telephony.calls.list"
    Then the answer is the error SERVER_PROBLEM with status 503
    And the error's telephony detail is REQUEST_TIMEOUT
    And the virtual clock has moved by 5 seconds

  @op:telephony.calls.list @needs-control:fault @needs-control:clock
  Scenario: A latency drawn from a seeded distribution
    Given user A has an open session
    And the PBX takes between 1 and 3 seconds to answer "telephony.calls.list" (seed 7)
    And the virtual time is noted
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    And the virtual clock has moved by between 1 and 3 seconds
    When user A calls "telephony.calls.list"
    Then the virtual clock has moved by between 1 and 3 seconds

  @op:sessions.session.get @needs-control:fault @negative
  Scenario: A target that does not answer fails the request at the client's timeout
    Given user A has an open session
    And the emulator delays its answers to "sessions.session.get" by 1.5 real seconds
    When user A calls "sessions.session.get" with a client timeout of 0.3 seconds
    Then the request fails for want of an answer within 0.3 seconds

  @op:sessions.session.get @needs-control:fault @negative
  Scenario: Errors drawn with a seeded probability are the same on every run
    Given user A has an open session
    And the emulator answers "sessions.session.get" with SERVER_PROBLEM with a probability of 0.5 (seed 3)
    When user A calls "sessions.session.get" 8 times
    Then the answers are 503, 200, 503, 200, 200, 503, 503, 200
