@ha
Feature: High availability
  An O2G HA pair is a Primary/Secondary server pair, licensed by ROXE_HA in CAPEX mode (L339-343), in
  front of one OXE: the root descriptor says haMode (L54, L484), the system status names the active
  (`primary`) and backup (`secondary`) servers with their versions and services status (L9085-9130).
  Clients fail over as the vendor SDKs do (wire-facts, High availability): on a broken channel, a failed
  keepalive or a refused connection they rediscover, authenticate, open a session and a subscription on
  the other server. The OXE has its own redundancy: its CTI link goes DISCONNECTED, then
  CONNECTED_SECONDARY (L8876-8881), with OnCtiLinkDown / OnCtiLinkUp (L8926-8935).

  Background:
    Given an O2G HA pair

  @op:root.descriptor.get @op:system.status.get @op:system.licenses.check @admin
  Scenario: The pair describes itself, from the server that is active before and after a switchover
    Then exactly one server of the pair serves O2G, and it says it is in HA mode
    And the system status describes the pair
    When a client without session checks the licence "ROXE_HA"
    Then the answer is 204 with no body
    When the O2G pair switches over without any listening client
    Then exactly one server of the pair serves O2G, and it says it is in HA mode
    And the system status describes the pair

  @op:root.descriptor.get @op:system.status.get @op:system.licenses.check @admin @needs-control:licence
  @negative
  Scenario: Without the ROXE_HA licence the pair is no HA pair: the secondary never takes over
    Given the emulator has every licence but "ROXE_HA"
    Then the O2G servers say they are not in HA mode
    When a client without session checks the licence "ROXE_HA"
    Then the answer is the error NOT_ALLOWED with status 403
    When the O2G pair loses its active server
    Then the secondary server does not take over
    When the failed O2G server comes back as standby

  @op:telephony.calls.list @op:telephony.calls.release @op:telephony.state.get @op:telephony.state.snapshot @user
  @event:OnTelephonyState @event:OnCallRemoved
  Scenario Outline: A call <state> survives when the pair <switch>, with the same callRef
    Given users A and B have a call that is <state>
    And users A and B listen to telephony events through failover
    When the O2G pair <switch>
    Then the events of users A and B flow again within the recovery bound
    And users A and B still have their calls with the same callRef
    And user A's telephonic state agrees with a snapshot on its new subscription
    And user B's telephonic state agrees with a snapshot on its new subscription
    When user A releases the call noted before the switch
    Then users A and B see that call removed
    And no event of users A and B was seen twice across the switch
    And the call-state oracle accepts the events of users A and B across the switch

    Examples:
      | state       | switch                  |
      | established | switches over           |
      | established | loses its active server |
      | on hold     | switches over           |
      | on hold     | loses its active server |
      | ringing     | switches over           |
      | ringing     | loses its active server |

  @op:subscriptions.subscription.create @op:telephony.calls.make @user @event:OnCallCreated
  Scenario Outline: A subscription open when the pair <switch>: the channel ends, events resume on a new subscription
    Given user A listens to telephony events through failover
    When the O2G pair <switch>
    Then user A's client saw its event channel end
    And the events of user A flow again within the recovery bound
    When user A calls user B
    Then the answer is 201 with the location of the new call
    And user A sees a new call to user B RINGING_OUTGOING
    And user A becomes BUSY
    And no event of user A was seen twice across the switch

    Examples:
      | switch                  |
      | switches over           |
      | loses its active server |

  @op:telephony.calls.list @user @negative
  Scenario: A session of the failed server, used on the new active server, is no session there
    Given user A listens to telephony events through failover
    When the O2G pair loses its active server
    Then the events of user A flow again within the recovery bound
    When user A uses its session of the failed server on the new active server
    Then the answer is the error INVALID_SESSION with status 403

  @op:telephony.calls.list @op:telephony.calls.release @user @event:OnCallRemoved
  Scenario: The failed server comes back as standby, the pair fails back, and the call is still there
    Given users A and B have a call that is established
    And users A and B listen to telephony events through failover
    When the O2G pair loses its active server
    Then the events of users A and B flow again within the recovery bound
    When the failed O2G server comes back as standby
    Then exactly one server of the pair serves O2G, and it says it is in HA mode
    When the O2G pair fails back to the primary server
    Then the events of users A and B flow again within the recovery bound
    And users A and B still have their calls with the same callRef
    When user A releases the call noted before the switch
    Then users A and B see that call removed
    And no event of users A and B was seen twice across the switch
    And the call-state oracle accepts the events of users A and B across the switch

  @op:system.status.get @op:telephony.calls.list @op:telephony.calls.make @admin @user @needs-control:clock
  @event:OnCtiLinkDown @event:OnCtiLinkUp
  Scenario: An OXE call-server switchover: the CTI link falls, comes back on the secondary call server, calls go on
    Given users A and B have a call that is established
    And the administrator listens to system events
    When the OXE call server switches over
    Then the CTI link of the OXE node is DISCONNECTED
    When user A calls "telephony.calls.list"
    Then the answer is the error SERVER_PROBLEM with status 503
    And the error's telephony detail is SERVICE_UNAVAILABLE
    # "sent with a 30 s minimum and 60 s maximum delay" (L8926)
    When 30 virtual seconds pass
    Then the administrator receives "OnCtiLinkDown" for the OXE node
    When 15 virtual seconds pass
    Then the administrator receives "OnCtiLinkUp" for the OXE node
    And the CTI link of the OXE node is CONNECTED_SECONDARY
    When user A calls "telephony.calls.list"
    Then the answer is 200 with a Calls body
    When user C calls user D
    Then the answer is 201 with the location of the new call
