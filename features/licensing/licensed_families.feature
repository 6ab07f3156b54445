Feature: Every licensed family of operations is refused without its licence
  For each family of operations that needs a licence (the "Required in CAPEX mode" line of each of its
  operations), the documented failure without that licence, and no licence refusal with it. On the
  emulator, a section whose service is not emulated yet answers SERVER_PROBLEM (PLUGIN_NOT_INSTALLED,
  L321-329) once past its licence.

  @op:telephony.calls.list @needs-control:licence @negative
  Scenario: Call control needs ROXE_API_TEL_ADVANCED
    Given the emulator has every licence but "ROXE_API_TEL_ADVANCED"
    When user A calls "telephony.calls.list" with the parameters "none"
    Then the answer is a licence refusal naming "ROXE_API_TEL_ADVANCED"
    When the emulator's licences are restored
    And user A calls "telephony.calls.list" with the parameters "none"
    Then the answer is not a licence refusal

  @op:routing.get @needs-control:licence @negative
  Scenario: Routing management needs ROXE_API_TEL_ADVANCED
    Given the emulator has every licence but "ROXE_API_TEL_ADVANCED"
    When user A calls "routing.get" with the parameters "none"
    Then the answer is a licence refusal naming "ROXE_API_TEL_ADVANCED"
    When the emulator's licences are restored
    And user A calls "routing.get" with the parameters "none"
    Then the answer is not a licence refusal

  @op:comlog.records.list @needs-control:licence @negative
  Scenario: Communication log needs ROXE_API_TEL_ADVANCED
    Given the emulator has every licence but "ROXE_API_TEL_ADVANCED"
    When user A calls "comlog.records.list" with the parameters "none"
    Then the answer is a licence refusal naming "ROXE_API_TEL_ADVANCED"
    When the emulator's licences are restored
    And user A calls "comlog.records.list" with the parameters "none"
    Then the answer is not a licence refusal

  @op:eventsummary.get @needs-control:licence @negative
  Scenario: Event summary needs ROXE_API_TEL_ADVANCED
    Given the emulator has every licence but "ROXE_API_TEL_ADVANCED"
    When user A calls "eventsummary.get" with the parameters "none"
    Then the answer is a licence refusal naming "ROXE_API_TEL_ADVANCED"
    When the emulator's licences are restored
    And user A calls "eventsummary.get" with the parameters "none"
    Then the answer is not a licence refusal

  @op:directory.search.get @needs-control:licence @negative
  Scenario: Directory search needs ROXE_API_TEL_ADVANCED
    Given the emulator has every licence but "ROXE_API_TEL_ADVANCED"
    When user A calls "directory.search.get" with the parameters "none"
    Then the answer is a licence refusal naming "ROXE_API_TEL_ADVANCED"
    When the emulator's licences are restored
    And user A calls "directory.search.get" with the parameters "none"
    Then the answer is not a licence refusal

  @op:messaging.mailboxes.list @needs-control:licence @negative
  Scenario: Voicemail needs ROXE_API_MESSAGING
    Given the emulator has every licence but "ROXE_API_MESSAGING"
    When user A calls "messaging.mailboxes.list" with the parameters "none"
    Then the answer is a licence refusal naming "ROXE_API_MESSAGING"
    When the emulator's licences are restored
    And user A calls "messaging.mailboxes.list" with the parameters "none"
    Then the answer is not a licence refusal

  @op:phoneset.devices.list @needs-control:licence @negative
  Scenario: Phone set programming needs ROXE_API_PHONESETPROG
    Given the emulator has every licence but "ROXE_API_PHONESETPROG"
    When user A calls "phoneset.devices.list" with the parameters "loginName=<login of A>"
    Then the answer is a licence refusal naming "ROXE_API_PHONESETPROG"
    When the emulator's licences are restored
    And user A calls "phoneset.devices.list" with the parameters "loginName=<login of A>"
    Then the answer is not a licence refusal

  @op:pbx.pbxs.get @needs-control:licence @negative
  Scenario: PBX management needs ROXE_API_MANAGEMENT
    Given the emulator has every licence but "ROXE_API_MANAGEMENT"
    When user A calls "pbx.pbxs.get" with the parameters "nodeId=<node of A>"
    Then the answer is a licence refusal naming "ROXE_API_MANAGEMENT"
    When the emulator's licences are restored
    And user A calls "pbx.pbxs.get" with the parameters "nodeId=<node of A>"
    Then the answer is not a licence refusal

  @op:analytics.charging.get @admin @needs-control:licence @negative
  Scenario: Analytics needs ROXE_API_ANALYTICS
    Given the emulator has every licence but "ROXE_API_ANALYTICS"
    When the administrator calls "analytics.charging.get" with the parameters "nodeId=<node of A>"
    Then the answer is a licence refusal naming "ROXE_API_ANALYTICS"
    When the emulator's licences are restored
    And the administrator calls "analytics.charging.get" with the parameters "nodeId=<node of A>"
    Then the answer is not a licence refusal

  @op:acd.agent.config.get @needs-control:licence @negative
  Scenario: Call center agent needs ROXE_API_CONTACTCENTER_AGENT
    Given the emulator has every licence but "ROXE_API_CONTACTCENTER_AGENT"
    When user A calls "acd.agent.config.get" with the parameters "none"
    Then the answer is a licence refusal naming "ROXE_API_CONTACTCENTER_AGENT"
    When the emulator's licences are restored
    And user A calls "acd.agent.config.get" with the parameters "none"
    Then the answer is not a licence refusal

  @op:acd.management.pilots.list @admin @needs-control:licence @negative
  Scenario: Call center management needs ROXE_API_CONTACTCENTER_SVCS
    Given the emulator has every licence but "ROXE_API_CONTACTCENTER_SVCS"
    When the administrator calls "acd.management.pilots.list" with the parameters "nodeId=<node of A>"
    Then the answer is a licence refusal naming "ROXE_API_CONTACTCENTER_SVCS"
    When the emulator's licences are restored
    And the administrator calls "acd.management.pilots.list" with the parameters "nodeId=<node of A>"
    Then the answer is not a licence refusal

  @op:acd.pilotmonitoring.stop @admin @needs-control:licence @negative
  Scenario: Call center pilot needs ROXE_API_CONTACTCENTER_SVCS
    Given the emulator has every licence but "ROXE_API_CONTACTCENTER_SVCS"
    When the administrator calls "acd.pilotmonitoring.stop" with the parameters "pilotNumber=30000"
    Then the answer is a licence refusal naming "ROXE_API_CONTACTCENTER_SVCS"
    When the emulator's licences are restored
    And the administrator calls "acd.pilotmonitoring.stop" with the parameters "pilotNumber=30000"
    Then the answer is not a licence refusal

  @op:acd.rti.identifiers.get @admin @needs-control:licence @negative
  Scenario: Call center real time needs ROXE_API_CONTACTCENTER_SVCS
    Given the emulator has every licence but "ROXE_API_CONTACTCENTER_SVCS"
    When the administrator calls "acd.rti.identifiers.get" with the parameters "none"
    Then the answer is a licence refusal naming "ROXE_API_CONTACTCENTER_SVCS"
    When the emulator's licences are restored
    And the administrator calls "acd.rti.identifiers.get" with the parameters "none"
    Then the answer is not a licence refusal

  @op:acdstats.scope.get @admin @needs-control:licence @negative
  Scenario: Call center statistics needs ROXE_API_CONTACTCENTER_SVCS
    Given the emulator has every licence but "ROXE_API_CONTACTCENTER_SVCS"
    When the administrator calls "acdstats.scope.get" with the parameters "supervisorId=<number of A>"
    Then the answer is a licence refusal naming "ROXE_API_CONTACTCENTER_SVCS"
    When the emulator's licences are restored
    And the administrator calls "acdstats.scope.get" with the parameters "supervisorId=<number of A>"
    Then the answer is not a licence refusal

  @op:subscriptions.subscription.create @needs-control:licence @negative
  Scenario: Event subscriptions need ROXE_API_TEL_ADVANCED or ROXE_API_CONTACTCENTER_AGENT
    # A refused subscription answers 200 REFUSED with a hint (L2129-2132); "or/and" (L2160): either will do.
    Given the emulator's licences are:
      | name               | total |
      | ROXE_API_TEL_BASIC | 100   |
    And user A has an open session
    When user A subscribes to "telephony"
    Then the subscription is refused with a message
    Given the emulator's licences are:
      | name                         | total |
      | ROXE_API_CONTACTCENTER_AGENT | 1     |
    When user A subscribes to "telephony"
    Then the answer is 200 with a Subscription body
    And the subscription is accepted with polling URLs
