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

    Examples:
      | state       | switch                  |
      | established | switches over           |
      | established | loses its active server |
      | on hold     | switches over           |
      | on hold     | loses its active server |
      | ringing     | switches over           |
      | ringing     | loses its active server |
