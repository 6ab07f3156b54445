Feature: The framework's client honours canRetry
  canRetry tells "if the error can be solved by modifying the request, or if it is a problem on server
  side" (RestErrorInfo, L372). The client repeats a request unchanged only when that can help: an
  idempotent call (GET, PUT, DELETE) answered NOT_READY, the one type whose help says "retry later"
  (L313). It never repeats a POST (it may have taken effect), an error with canRetry false, or an error
  whose help asks to fix the request first (NOT_FOUND, BAD_PARAMETER: L316, L319).

  @op:sessions.session.get @needs-control:fault
  Scenario: A NOT_READY answer to an idempotent call is retried until it succeeds
    Given user A has an open session
    And the emulator answers the next 2 requests to "sessions.session.get" with NOT_READY
    When user A calls "sessions.session.get" with a client that retries 3 times
    Then the answer is 200 with a SessionInfo body
    And the client sent the request 3 times

  @op:sessions.session.get @needs-control:fault @negative
  Scenario: The client gives up after its retries
    Given user A has an open session
    And the emulator answers the next 3 requests to "sessions.session.get" with NOT_READY
    When user A calls "sessions.session.get" with a client that retries 2 times
    Then the answer is the error NOT_READY with status 503
    And the client sent the request 3 times

  @op:sessions.session.get @needs-control:fault @negative
  Scenario: An error that cannot be retried is not retried
    Given user A has an open session
    And the emulator answers the next 1 request to "sessions.session.get" with SERVER_PROBLEM
    When user A calls "sessions.session.get" with a client that retries 3 times
    Then the answer is the error SERVER_PROBLEM with status 503
    And the client sent the request 1 time

  @op:sessions.session.get @needs-control:fault @negative
  Scenario: An error whose request must be fixed first is not repeated unchanged
    Given user A has an open session
    And the emulator answers the next 1 request to "sessions.session.get" with BAD_PARAMETER
    When user A calls "sessions.session.get" with a client that retries 3 times
    Then the answer is the error BAD_PARAMETER with status 400
    And the client sent the request 1 time

  @op:sessions.keepalive.post @needs-control:fault @negative
  Scenario: A POST is never repeated, even answered NOT_READY
    Given user A has an open session
    And the emulator answers the next 1 request to "sessions.keepalive.post" with NOT_READY
    When user A calls "sessions.keepalive.post" with a client that retries 3 times
    Then the answer is the error NOT_READY with status 503
    And the client sent the request 1 time
