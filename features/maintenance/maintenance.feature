Feature: Maintenance
  The system status for administrators (nodes, CTI links, licences) and the licence availability check
  usable outside a session; the system events OnCtiLinkDown / OnCtiLinkUp, OnPbxLoaded, OnServerStart
  (o2g-rest-api-reference.txt L8747-9204).

  @op:system.licenses.check
  Scenario: A licence the target has is available, even outside a session
    When a client without session checks a licence the target declares
    Then the answer is 204 with no body

  @op:system.licenses.check @negative
  Scenario: A licence the target does not have is forbidden
    When a client without session checks the licence "O2G_CONFORMANCE_NO_SUCH_LICENCE"
    Then the answer is the error NOT_ALLOWED with status 403

  @op:system.licenses.check @needs-control:licence @negative
  Scenario: The reference's example: ROXE_API_PHONESETPROG available, ROXE_HA not
    Given the emulator's licences are:
      | name                  | total |
      | ROXE_API_PHONESETPROG | 100   |
      | ROXE_HA               | false |
    When a client without session checks the licence "ROXE_API_PHONESETPROG"
    Then the answer is 204 with no body
    When a client without session checks the licence "ROXE_HA"
    Then the answer is the error NOT_ALLOWED with status 403

  @op:system.licenses.check @negative
  Scenario: The licence to check must be named
    When a client without session checks a licence without naming it
    Then the answer is the error BAD_PARAMETER with status 400

  @op:system.status.get @admin
  Scenario: An administrator reads the system status: nodes, CTI links and licences
    When the administrator gets the system status
    Then the answer is 200 with a SystemStatus body
    And every OXE node of the system status has a CTI link state
    And the system status lists licences with their total and use

  @op:system.status.get @user @negative
  Scenario: The system status is for administrators only
    When user A gets the system status
    Then the answer is the error NOT_ALLOWED with status 403

  @op:system.status.get @op:telephony.calls.list @admin @needs-control:licence
  Scenario: The status gives each licence's total, use and expiration date
    Given the emulator's licences are:
      | name                  | total | expiration |
      | ROXE_API_TEL_ADVANCED | 5     | 2026-12-31 |
    And user A has an open session
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    And the system status reports the licence "ROXE_API_TEL_ADVANCED" with a total of 5, 1 used and an expiration on 2026-12-31

  @op:system.status.get @op:telephony.calls.list @admin @needs-control:cti @needs-control:clock
  @event:OnCtiLinkDown @event:OnCtiLinkUp
  Scenario: While the CTI link is down telephony fails; the link's fall and return are notified
    Given the administrator listens to system events
    And user A has an open session
    When the CTI link of the OXE node goes down
    Then the CTI link of the OXE node is DISCONNECTED
    When user A calls "telephony.calls.list"
    Then the answer is the error SERVER_PROBLEM with status 503
    And the error's telephony detail is SERVICE_UNAVAILABLE
    # "sent with a 30 s minimum and 60 s maximum delay" (L8926)
    When 29 virtual seconds pass
    Then the administrator receives no "OnCtiLinkDown"
    When 1 virtual seconds pass
    Then the administrator receives "OnCtiLinkDown" for the OXE node
    When the CTI link of the OXE node comes back on the secondary call server
    Then the administrator receives "OnCtiLinkUp" for the OXE node
    And the CTI link of the OXE node is CONNECTED_SECONDARY
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body

  @op:system.status.get @admin @needs-control:fault @needs-control:clock @event:OnPbxLoaded
  Scenario: When the server has started, every node is reported loaded
    Given the administrator listens to system events
    When the server restarts and is starting for 20 seconds
    And the administrator gets the system status
    Then the answer is the error NOT_READY with status 503
    When 20 virtual seconds pass
    Then the administrator receives "OnPbxLoaded" for the OXE node
    When the administrator gets the system status
    Then the answer is 200 with a SystemStatus body

  @op:subscriptions.subscription.create @admin @needs-control:fault @needs-control:clock @event:OnServerStart
  Scenario: OnServerStart reaches a webhook when the server is ready
    Given the administrator has subscribed to system events by webhook
    When the server restarts and is starting for 20 seconds
    And 20 virtual seconds pass
    Then the webhook receives "OnPbxLoaded"
    And the webhook receives "OnServerStart" naming the server

  @op:system.status.get @admin @needs-control:licence @needs-control:clock @event:OnLicenseExpiration
  Scenario: A licence file about to expire is notified every day
    # expiring.yaml expires on 2026-01-20; the virtual clock starts on 2026-01-05T09:00Z (L8756-8759)
    Given the emulator runs with the licence file "expiring.yaml"
    And the administrator has opened a session with a time to live of 86400 seconds
    And the administrator listens to system events
    When 15 virtual hours pass
    Then the administrator receives "OnLicenseExpiration" with nbDays 14
    When the administrator sends a keepalive
    And 1 virtual days pass
    Then the administrator receives "OnLicenseExpiration" with nbDays 13
    And the system status reports the licence "ROXE_API_TEL_ADVANCED" with a total of 1000 and an expiration on 2026-01-20
