@licence:ROXE_API_TEL_ADVANCED
Feature: Hunting groups and pilots
  A member logs on and off its hunting group (OnDynamicStateChanged), users join and leave groups, the
  node's groups are listed, and an agent asks a CCD pilot whether a transfer is possible
  (o2g-rest-api-reference.txt L4002-4191, L4457-4515, L5265-5275, L5904-5910).

  @op:telephony.huntinggrouplogon.get @user
  Scenario: A member of a hunting group is logged on it
    When user I gets its hunting group logon state
    Then the answer is 200 with a HuntingGroupStatus body
    And the hunting group logon state is logged on

  @op:telephony.huntinggrouplogon.logoff @op:telephony.huntinggrouplogon.logon @op:telephony.huntinggrouplogon.get
  @op:telephony.calls.make @user @event:OnDynamicStateChanged @event:OnCallCreated
  Scenario: A member logged off its hunting group gets no call of the group until it logs on again
    Given users A, I and J listen to telephony events
    When user I logs off its hunting group
    Then the answer is 204 with no body
    And user I sees its hunting group logon state logged off
    When user I gets its hunting group logon state
    Then the answer is 200 with a HuntingGroupStatus body
    And the hunting group logon state is logged off
    When user A calls the hunting group of user J
    Then the answer is 201 with the location of the new call
    And user J sees a new call from user A RINGING_INCOMING
    And user J becomes BUSY
    And user A sees a new call to user J RINGING_OUTGOING
    And user A becomes BUSY
    When user I logs on its hunting group
    Then the answer is 204 with no body
    And user I sees its hunting group logon state logged on

  @op:telephony.calls.make @user @event:OnCallCreated
  Scenario: A call to a hunting group rings its first logged-on member with a free set
    Given users A and I listen to telephony events
    When user A calls the hunting group of user I
    Then the answer is 201 with the location of the new call
    And user I sees a new call from user A RINGING_INCOMING
    And user I becomes BUSY
    And user A sees a new call to user I RINGING_OUTGOING
    And user A becomes BUSY

  @negative
  Scenario Outline: A user who belongs to no hunting group cannot log on or off (L4040)
    When user A logs <way> its hunting group
    Then the answer is the error NOT_EXPECTED with status 400
    And the telephony error is INCOMPATIBLE_WITH_STATE caused by INVALID_DEVICE_STATE

    @op.telephony.huntinggrouplogon.logon
    Examples:
      | way |
      | on  |

    @op.telephony.huntinggrouplogon.logoff
    Examples:
      | way |
      | off |

  @op:telephony.huntinggroups.list @user
  Scenario Outline: The hunting groups of the node are listed with the user's current one
    When user <who> lists the hunting groups
    Then the answer is 200 with a HuntingGroupResult body
    And the hunting groups listed include the hunting group of user I, <current>

    Examples:
      | who | current                 |
      | J   | the current one         |
      | A   | not as the current one  |

  @op:telephony.huntinggroupmember.add @op:telephony.huntinggroupmember.remove @op:telephony.huntinggroups.list
  @user @destructive
  Scenario: A user joins a hunting group, which becomes its current one, and leaves it
    When user A joins the hunting group of user I
    Then the answer is 204 with no body
    When user A lists the hunting groups
    Then the hunting groups listed include the hunting group of user I, the current one
    When user A joins the hunting group of user I
    Then the answer is 204 with no body
    When user A leaves the hunting group of user I
    Then the answer is 204 with no body
    When user A lists the hunting groups
    Then the hunting groups listed include the hunting group of user I, not as the current one

  @negative
  Scenario Outline: A hunting group that does not exist is not found (404 is listed, L4112-4191)
    When user A <way> the hunting group numbered "79999"
    Then the answer is the error NOT_FOUND with status 404
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DESTINATION

    @op.telephony.huntinggroupmember.add
    Examples:
      | way    |
      | joins  |

    @op.telephony.huntinggroupmember.remove
    Examples:
      | way    |
      | leaves |

  @op:telephony.pilots.transferinfo @user
  Scenario: An agent asks a pilot whether a call may be transferred to it
    When user A asks the transfer information of the pilot
    Then the answer is 200 with a PilotTransferCapa body
    And the pilot transfer information names the pilot

  @op:telephony.pilots.transferinfo @negative
  Scenario: The transfer information of an unknown pilot is not found
    When user A asks the transfer information of the pilot numbered "79299"
    Then the answer is the error NOT_FOUND with status 404
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DESTINATION
