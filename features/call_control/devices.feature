@licence:ROXE_API_TEL_ADVANCED
Feature: Devices
  Device states, pickup, intrusion, the MICRO/ITH key and desk sharing; the service is rejected for a
  device that is not the user's or is out of service (o2g-rest-api-reference.txt L2423-2427, L539,
  L3703-3999, L5889-5903).

  @op:telephony.devices.list @user
  Scenario: A user lists the states of its devices
    When user A lists its devices
    Then the answer is 200 with a DeviceStates body
    And the answer lists the devices of user A IN_SERVICE

  @op:telephony.devices.get @user
  Scenario: A user gets the state of one of its devices
    When user A gets the state of its second device
    Then the answer is 200 with a DeviceState body
    And the answer is the state IN_SERVICE of user A's second device

  @op:telephony.devices.get @negative
  Scenario Outline: The state of a device that is not the user's is not given
    When user A gets the state of <device>
    Then the answer is the error <type> with status <status>
    And the telephony error is <error> caused by INVALID_DEVICE

    Examples: a number that is no device (404 is listed, L3820-3854), another user's device (L539)
      | device               | type        | status | error               |
      | the device "79999"   | NOT_FOUND   | 404    | BAD_PARAMETER_VALUE |
      | user B's first device | NOT_ALLOWED | 403    | UNAUTHORIZED        |

  @op:telephony.devices.ithmicro @user
  Scenario Outline: A user pushes the MICRO/ITH key of its set, idle or in a call, and no event is sent
    Given users A and B listen to telephony events
    And user A <setup>
    When user A pushes the MICRO/ITH key of its first device
    Then the answer is 204 with no body

    Examples: interphony when idle, the microphone during a call (L3893-3898)
      | setup                    |
      | is idle                  |
      | is in a call with user B |

  @op:telephony.devices.pickup @user @event:OnCallRemoved @event:OnCallCreated @event:OnCallModified
  Scenario: A user picks up a call ringing on another user's set
    Given users A, B and C listen to telephony events
    And user A has called user B
    When user C picks up the call ringing on user B's device
    Then the answer is 204 with no body
    And user B sees the call with user A removed, cause PICKED_UP
    And user B becomes FREE
    And user C sees a new call from user A ACTIVE, cause PICKED_UP
    And user C becomes BUSY
    And user A sees the call with user C ACTIVE, cause PICKED_UP

  @op:telephony.devices.pickup @user @event:OnCallCreated
  Scenario: A hunting group member picks up a call ringing on another member
    Given users A, I and J listen to telephony events
    And user A has called user I
    When user J picks up the call ringing in its group
    Then the answer is 204 with no body
    And user I sees the call with user A removed, cause PICKED_UP
    And user I becomes FREE
    And user J sees a new call from user A ACTIVE, cause PICKED_UP
    And user J becomes BUSY
    And user A sees the call with user J ACTIVE, cause PICKED_UP

  @op:telephony.devices.pickup @negative
  Scenario Outline: There is nothing to pick up
    Given user C is in a call with user B
    When user A picks up the call ringing on <where> device
    Then the answer is the error <type> with status 400
    And the telephony error is <error> caused by <cause>

    Examples: a set in conversation, the user's own set
      | where    | type          | error                   | cause                    |
      | user B's | NOT_EXPECTED  | INCOMPATIBLE_WITH_STATE | INVALID_CONNECTION_STATE |
      | its own  | BAD_PARAMETER | BAD_PARAMETER_VALUE     | INVALID_DATA             |

  @op:telephony.devices.intrusion @user @event:OnCallModified
  Scenario: A user whose call found a busy user intrudes into that user's conversation
    Given users A, B and C listen to telephony events
    And user B is in a call with user C
    And user A has called user B
    When user A intrudes into the call of user B
    Then the answer is 204 with no body
    And user A sees the call with users B and C ACTIVE, replacing its call with user B
    And user B sees the call with users A and C ACTIVE
    And user C sees the call with users A and B ACTIVE

  @op:telephony.devices.intrusion @negative
  Scenario: Intrusion needs a call that found the called user busy (L3858-3860)
    Given user A is in a call with user B
    When user A intrudes into the call of user B
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE

  @negative
  Scenario Outline: A user cannot act on another user's set (L539)
    Given user C has called user B
    When user A <action>
    Then the answer is the error NOT_ALLOWED with status 403
    And the telephony error is UNAUTHORIZED caused by INVALID_DEVICE

    @op.telephony.calls.answer
    Examples:
      | action                                          |
      | answers the call from user C on user B's device |

    @op.telephony.basiccall.answer
    Examples:
      | action                                          |
      | answers with a basic answer on user B's device  |

    @op.telephony.devices.ithmicro
    Examples:
      | action                                          |
      | pushes the MICRO/ITH key of user B's first device |

    @op.telephony.devices.intrusion
    Examples:
      | action                                          |
      | intrudes from user B's device                   |

  @op:telephony.desksharing.logon @op:telephony.desksharing.logoff @op:telephony.devices.list @user
  Scenario: A desk-sharing user logs on a desk-sharing set, which becomes one of its devices, and logs off
    When user B logs on the desk-sharing set
    Then the answer is 204 with no body
    When user B lists its devices
    Then the answer is 200 with a DeviceStates body
    And the answer lists the devices of user B and the desk-sharing set IN_SERVICE
    When user B logs off the desk-sharing set
    Then the answer is 204 with no body
    When user B lists its devices
    Then the answer lists the devices of user B IN_SERVICE

  @op:telephony.desksharing.logon @negative
  Scenario Outline: Only a free desk-sharing set takes a desk-sharing user
    Given user C has logged on the desk-sharing set
    When user B logs on <device>
    Then the answer is the error <type> with status 400
    And the telephony error is <error> caused by <cause>

    Examples: a set that is no desk-sharing set, a desk-sharing set in use
      | device                 | type          | error               | cause          |
      | user A's first device  | BAD_PARAMETER | BAD_PARAMETER_VALUE | INVALID_DEVICE |
      | the desk-sharing set   | NOT_EXPECTED  | CALL_SERVER_ERROR   | RESOURCE_BUSY  |

  @op:telephony.desksharing.logoff @negative
  Scenario: A user not logged on a desk-sharing set cannot log off
    When user B logs off the desk-sharing set
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_CONNECTION_STATE

  @op:telephony.calls.make @needs-control:phone @user
  @event:OnDeviceStateModified @event:OnCallRemoved @event:OnUserStateModified
  Scenario: A set that goes out of service leaves its calls and rejects the services of its device
    Given users A and B listen to telephony events
    And user A is in a call with user B
    When user B's device goes out of service
    Then user B sees its first device OUT_OF_SERVICE
    And user B sees the call with user A removed, cause CLEARED
    And user B becomes FREE
    And user A sees the call with user B removed, cause CLEARED
    And user A becomes FREE
    When user B calls user A
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is CALL_SERVER_ERROR caused by DEVICE_OUT_OF_SERVICE
    When user B's device goes back in service
    Then user B sees its first device IN_SERVICE
