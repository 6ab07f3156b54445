Feature: The target has the licences its profile declares
  The target profile (or the emulator's licence file) declares the installed licences; scenarios with a
  licence tag skip as "not licensed on target" without them. This checks the declaration against the
  target itself (GET /system/licenses L8770-8809, GET /system/status L8812-8867).

  @op:system.licenses.check
  Scenario: Every declared licence is available
    Then every licence the target declares is available
    And a licence nobody has is not available

  @op:system.status.get @admin
  Scenario: The system status lists every declared licence
    Then the system status lists every licence the target declares

  @op:telephony.calls.list @licence:ROXE_API_TEL_ADVANCED
  Scenario: A scenario tagged with a licence runs where the licence is declared
    Given user A has an open session
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
