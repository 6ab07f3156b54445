Feature: Licence kinds
  Every kind of licence requirement the reference defines, each with an operation that works with the
  licence and fails without it: free, boolean (True), one per user, at least / exactly the number of OXE
  users, a fixed N (plus the users controlled), and expiry (o2g-rest-api-reference.txt L7-31). A missing,
  exhausted or expired licence is refused with NOT_ALLOWED 403 ("insufficient rights", L315), like an
  absent licence at GET /system/licenses (L8806-8809). The emulator installs each licence file at run time.

  @op:sessions.session.get @op:users.user.get @needs-control:licence
  Scenario: Free operations answer without any licence
    Given the emulator runs with the licence file "none.yaml"
    And user A has an open session
    When user A calls "sessions.session.get"
    Then the answer is 200 with a SessionInfo body
    When user A calls "users.user.get" with the parameters "loginName=<login of A>"
    Then the answer is 200 with a User body

  @op:analytics.charging.get @admin @needs-control:licence @negative
  Scenario: A boolean licence must be TRUE
    Given the emulator's licences are:
      | name               | total |
      | ROXE_API_ANALYTICS | false |
    When the administrator calls "analytics.charging.get" with the parameters "nodeId=<node of A>"
    Then the answer is a licence refusal naming "ROXE_API_ANALYTICS"
    Given the emulator's licences are:
      | name               | total |
      | ROXE_API_ANALYTICS | true  |
    When the administrator calls "analytics.charging.get" with the parameters "nodeId=<node of A>"
    Then the answer is not a licence refusal

  @op:telephony.calls.list @op:sessions.session.close @needs-control:licence @negative
  Scenario: One licence per distinct user, whatever the number of sessions, released when they close
    Given the emulator's licences are:
      | name                  | total |
      | ROXE_API_TEL_ADVANCED | 2     |
    And user A has an open session
    And user A has opened a second session with a new credential
    And user B has an open session
    And user C has an open session
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    When user B calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    And the system status counts 2 users of the licence "ROXE_API_TEL_ADVANCED"
    When user C calls "telephony.calls.list"
    Then the answer is a licence refusal naming "ROXE_API_TEL_ADVANCED"
    And the error's telephony detail is UNAUTHORIZED
    Given user A has closed its first session
    When user C calls "telephony.calls.list"
    Then the answer is a licence refusal naming "ROXE_API_TEL_ADVANCED"
    When user A closes its session
    And user C calls "telephony.calls.list"
    Then the answer is 200 with a Calls body

  @op:telephony.calls.list @admin @needs-control:licence @negative
  Scenario: An administrator controlling a user takes that user's licence
    Given the emulator's licences are:
      | name                  | total |
      | ROXE_API_TEL_ADVANCED | 1     |
    When the administrator calls "telephony.calls.list" with the parameters "loginName=<login of B>"
    Then the answer is 200 with a Calls body
    When the administrator calls "telephony.calls.list" with the parameters "loginName=<login of C>"
    Then the answer is a licence refusal naming "ROXE_API_TEL_ADVANCED"

  @op:pbx.pbxs.get @needs-control:licence @negative
  Scenario: A licence that must cover at least every OXE user
    # The bundled topology has 10 OXE users.
    Given the emulator's licences are:
      | name                | total |
      | ROXE_API_MANAGEMENT | 9     |
    And user A has an open session
    When user A calls "pbx.pbxs.get" with the parameters "nodeId=<node of A>"
    Then the answer is a licence refusal naming "ROXE_API_MANAGEMENT"
    Given the emulator's licences are:
      | name                | total |
      | ROXE_API_MANAGEMENT | 12    |
    When user A calls "pbx.pbxs.get" with the parameters "nodeId=<node of A>"
    Then the answer is not a licence refusal

  @op:pbx.pbxs.get @needs-control:licence @negative
  Scenario: An OPEX licence that must equal the number of OXE users
    Given the emulator's OPEX licences are:
      | name             | total |
      | api-management-f | 12    |
    And user A has an open session
    When user A calls "pbx.pbxs.get" with the parameters "nodeId=<node of A>"
    Then the answer is a licence refusal naming "api-management-f"
    Given the emulator's OPEX licences are:
      | name             | total |
      | api-management-f | 10    |
    When user A calls "pbx.pbxs.get" with the parameters "nodeId=<node of A>"
    Then the answer is not a licence refusal

  @op:acd.management.pilots.list @op:telephony.calls.list @admin @needs-control:licence @negative
  Scenario: A fixed number N of licences, plus one per user controlled through the same licence
    Given the emulator's OPEX licences are:
      | name      | total |
      | api-tel-f | 39    |
    When the administrator calls "acd.management.pilots.list" with the parameters "nodeId=<node of A>"
    Then the answer is a licence refusal naming "api-tel-f"
    Given the emulator's OPEX licences are:
      | name      | total |
      | api-tel-f | 41    |
    And user A has an open session
    And user B has an open session
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    When the administrator calls "acd.management.pilots.list" with the parameters "nodeId=<node of A>"
    Then the answer is not a licence refusal
    # 40 + 1 user: no room left for a second user while the fixed-N services are in use (L27-31)
    When user B calls "telephony.calls.list"
    Then the answer is a licence refusal naming "api-tel-f"

  @op:telephony.calls.list @needs-control:licence @needs-control:clock @negative
  Scenario: An expired licence is a missing licence
    Given the emulator's licences are:
      | name                  | total | expiration |
      | ROXE_API_TEL_ADVANCED | 10    | 2026-01-07 |
    And user A has opened a session with a time to live of 86400 seconds
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    When 1 virtual days pass
    And user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    When 1 virtual days pass
    And user A calls "telephony.calls.list"
    Then the answer is a licence refusal naming "expired on 2026-01-07"
    When a client without session checks the licence "ROXE_API_TEL_ADVANCED"
    Then the answer is the error NOT_ALLOWED with status 403
