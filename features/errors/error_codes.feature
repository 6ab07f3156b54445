Feature: Every documented error type and code, through real causes
  The complete list of REST API errors (o2g-rest-api-reference.txt L311-320): each type is produced by
  what causes it on a server and checked field by field (httpStatus, code, type, helpMessage, canRetry),
  with the telephony, routing and userPreferences details where they apply (L439-557). The reference maps
  types to HTTP statuses only by two examples (L321-338): INVALID_SESSION 403, SERVER_PROBLEM 503.

  @op:sessions.session.get @needs-control:fault @needs-control:clock @negative
  Scenario: NOT_READY (1000): the server is still starting
    Given user A has an open session
    And the server is starting for 30 seconds
    When user A calls "sessions.session.get"
    Then the answer is the error NOT_READY with status 503
    And the error body reads:
      | httpStatus          | code | type      | canRetry |
      | SERVICE_UNAVAILABLE | 1000 | NOT_READY | true     |
    And the error's help message is the documented one
    When 30 virtual seconds pass
    And user A calls "sessions.session.get"
    Then the answer is 200 with a SessionInfo body

  @op:telephony.calls.list @needs-control:fault @negative
  Scenario: NOT_READY (1000) on telephony: the telephony service is initializing
    Given user A has an open session
    And the server is starting for 30 seconds
    When user A calls "telephony.calls.list"
    Then the answer is the error NOT_READY with status 503
    And the error's telephony detail is INITIALIZATION
    When 30 virtual seconds pass
    And user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body

  @op:sessions.session.get @negative
  Scenario: INVALID_SESSION (1001): the session is no longer valid
    Given user A has an open session
    And user A has closed its session
    When user A calls "sessions.session.get"
    Then the answer is the error INVALID_SESSION with status 403
    And the error body reads:
      | httpStatus | code | type            | canRetry |
      | FORBIDDEN  | 1001 | INVALID_SESSION | true     |
    And the error's help message is the documented one

  @op:system.status.get @user @negative
  Scenario: NOT_ALLOWED (1002): insufficient rights
    When user A calls "system.status.get"
    Then the answer is the error NOT_ALLOWED with status 403
    And the error body reads:
      | httpStatus | code | type        | canRetry |
      | FORBIDDEN  | 1002 | NOT_ALLOWED | false    |
    And the error's help message is the documented one

  @op:telephony.calls.hold @negative
  Scenario: NOT_FOUND (1003): a bad parameter, an unknown call
    When user A calls "telephony.calls.hold" with:
      | where | name     | value        |
      | path  | callRef  | 0000deadbeef |
      | body  | deviceId | <number of A>      |
    Then the answer is the error NOT_FOUND with status 400
    And the error body reads:
      | httpStatus  | code | type      | canRetry |
      | BAD_REQUEST | 1003 | NOT_FOUND | true     |
    And the error's help message is the documented one
    And the error's telephony detail is CALL_REFERENCE_NOT_FOUND caused by INVALID_CALL_ID

  @op:telephony.calls.make @op:telephony.calls.retrieve @negative
  Scenario: NOT_EXPECTED (1004): the call is not in the state the operation needs
    When user A calls "telephony.calls.make" with:
      | where | name     | value   |
      | body  | deviceId | <number of A> |
      | body  | callee   | <number of B> |
    Then the answer is 201 with no body
    When user A calls "telephony.calls.retrieve" with:
      | where | name     | value      |
      | path  | callRef  | <new call> |
      | body  | deviceId | <number of A>    |
    Then the answer is the error NOT_EXPECTED with status 400
    And the error body reads:
      | httpStatus  | code | type         | canRetry |
      | BAD_REQUEST | 1004 | NOT_EXPECTED | true     |
    And the error's help message is the documented one
    And the error's telephony detail is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE

  @negative @section:introduction
  Scenario: NOT_SUPPORTED (1005): a method the resource does not offer
    When user A sends PATCH to the sessions.session.get resource
    Then the answer is the error NOT_SUPPORTED with status 405
    And the error body reads:
      | httpStatus         | code | type          | canRetry |
      | METHOD_NOT_ALLOWED | 1005 | NOT_SUPPORTED | false    |
    And the error's help message is the documented one

  # Optional: whether a real PBX provides a call to the supervisor depends on its call center configuration.
  @op:telephony.calls.make @negative @optional
  Scenario: NOT_SUPPORTED (1005): a service the PBX does not provide
    When user A calls "telephony.calls.make" with:
      | where | name                     | value   |
      | body  | deviceId                 | <number of A> |
      | body  | callee                   | <number of B> |
      | body  | acdCall.callToSupervisor | true    |
    Then the answer is the error NOT_SUPPORTED with status 400
    And the error's telephony detail is SERVICE_NOT_PROVIDED

  @op:users.preferences.update @negative
  Scenario: BAD_PARAMETER (1006): a wrong value, with the userPreferences detail
    When user A calls "users.preferences.update" with:
      | where | name        | value           |
      | path  | loginName   | <login of A>    |
      | body  | guiLanguage | "tlh"           |
    Then the answer is the error BAD_PARAMETER with status 400
    And the error body reads:
      | httpStatus  | code | type          | canRetry |
      | BAD_REQUEST | 1006 | BAD_PARAMETER | true     |
    And the error's help message is the documented one
    And the error's userPreferences detail is WRONG_VALUE for GUI_LANGUAGE

  @op:routing.set @negative
  Scenario: BAD_PARAMETER (1006): a forward to a number outside the dial plan, with the routing detail
    When user A calls "routing.set" with:
      | where | name          | value                                                   |
      | body  | forwardRoutes | [{"destinations": [{"type": "NUMBER", "number": "99999"}]}] |
    Then the answer is the error BAD_PARAMETER with status 400
    And the error's routing detail is UNKNOWN_PHONE_NUMBER

  @op:sessions.session.open @negative
  Scenario: BAD_PARAMETER (1006): a missing mandatory parameter
    Given user A is authenticated
    When user A opens a session without an application name
    Then the answer is the error BAD_PARAMETER with status 400
    And the error's help message is the documented one

  @op:sessions.session.get @needs-control:fault @negative
  Scenario: SERVER_PROBLEM (1007): the server fails
    Given the emulator answers the next 1 request to "sessions.session.get" with SERVER_PROBLEM
    When user A calls "sessions.session.get"
    Then the answer is the error SERVER_PROBLEM with status 503
    And the error body reads:
      | httpStatus          | code | type           | canRetry |
      | SERVICE_UNAVAILABLE | 1007 | SERVER_PROBLEM | false    |
    And the error's help message is the documented one

  @op:telephony.calls.list @needs-control:cti @negative
  Scenario: SERVER_PROBLEM (1007) on telephony: the CTI link is down
    Given user A has an open session
    When the CTI link of the OXE node goes down
    And user A calls "telephony.calls.list"
    Then the answer is the error SERVER_PROBLEM with status 503
    And the error's telephony detail is SERVICE_UNAVAILABLE
    When the CTI link of the OXE node comes back on the main call server
    And user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
