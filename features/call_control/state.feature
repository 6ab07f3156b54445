@licence:ROXE_API_TEL_ADVANCED
Feature: Telephonic state
  A user's calls, device capabilities and user state, read or sent as an OnTelephonyState snapshot; an
  administrator names the user with loginName (o2g-rest-api-reference.txt L4518-4593, L5911-6062,
  L6322-6469).

  @op:telephony.state.get @user
  Scenario: An idle user has no call and is not busy
    When user A gets its telephonic state
    Then the answer is 200 with a TelephonicState body
    And the answer is the telephonic state of user A with no call

  @op:telephony.state.get @user
  Scenario: A user in a call sees it in its telephonic state and is busy
    Given user A is in a call with user B
    When user A gets its telephonic state
    Then the answer is 200 with a TelephonicState body
    And the answer is the telephonic state of user A with the call with user B ACTIVE

  @op:telephony.state.snapshot @user @event:OnTelephonyState
  Scenario: A user asks for a snapshot and receives its telephonic state as an event
    Given user A listens to telephony events
    And user A is in a call with user B
    When user A asks for a snapshot of its telephonic state
    Then the answer is 204 with no body
    And user A receives its telephonic state with the call with user B ACTIVE

  @op:telephony.state.snapshot @admin @event:OnTelephonyState
  Scenario: An administrator asks for a snapshot of one user
    Given the administrator listens to "telephony" events
    When the administrator asks for a snapshot of user C
    Then the answer is 204 with no body
    And the administrator receives the telephonic state of user C

  @op:telephony.state.snapshot @admin @event:OnTelephonyState
  Scenario: An administrator who names no user receives the snapshot of every user (L4559, L4568-4570)
    Given the administrator listens to "telephony" events
    When the administrator asks for a snapshot of every user
    Then the answer is 204 with no body
    And the administrator receives the telephonic state of every user

  @op:telephony.state.snapshot @admin @negative
  Scenario: A snapshot of an unknown user is not found (404 is listed)
    When the administrator asks for a snapshot of the user "oxe79999"
    Then the answer is the error NOT_FOUND with status 404
    And the telephony error is BAD_PARAMETER_VALUE caused by UNKNOWN

  @admin @negative
  Scenario Outline: An administrator must name the user it acts for
    When the administrator <action> without naming a user
    Then the answer is the error BAD_PARAMETER with status 400
    And the telephony error is BAD_PARAMETER_VALUE caused by INVALID_DATA

    @op.telephony.calls.list
    Examples: loginName "MUST be specified" for an administrator session (e.g. L2576-2580)
      | action                             |
      | lists the calls                    |

    @op.telephony.state.get
    Examples: loginName "MUST be specified" for an administrator session (e.g. L2576-2580)
      | action                             |
      | gets the telephonic state          |

    @op.telephony.devices.list
    Examples: loginName "MUST be specified" for an administrator session (e.g. L2576-2580)
      | action                             |
      | lists the devices                  |

    @op.telephony.huntinggrouplogon.get
    Examples: loginName "MUST be specified" for an administrator session (e.g. L2576-2580)
      | action                             |
      | gets the hunting group logon state |

    @op.telephony.huntinggroups.list
    Examples: loginName "MUST be specified" for an administrator session (e.g. L2576-2580)
      | action                             |
      | lists the hunting groups           |

    @op.telephony.incomingcallbacks.list
    Examples: loginName "MUST be specified" for an administrator session (e.g. L2576-2580)
      | action                             |
      | lists the call-back requests       |

    @op.telephony.incomingcallbacks.deleteall
    Examples: loginName "MUST be specified" for an administrator session (e.g. L2576-2580)
      | action                             |
      | deletes all call-back requests     |

    @op.telephony.minimessages.get
    Examples: loginName "MUST be specified" for an administrator session (e.g. L2576-2580)
      | action                             |
      | reads the mini message             |

  @admin @negative
  Scenario Outline: An administrator naming an unknown user is answered not found
    When the administrator <action> of the user "oxe79999"
    Then the answer is the error NOT_FOUND with status <status>
    And the telephony error is BAD_PARAMETER_VALUE caused by UNKNOWN

    @op.telephony.calls.list
    Examples: 404 where the operation lists it, else 400
      | action            | status |
      | lists the calls   | 400    |

    @op.telephony.devices.list
    Examples: 404 where the operation lists it, else 400
      | action            | status |
      | lists the devices | 404    |
