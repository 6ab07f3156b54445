Feature: User Management
  An administrator lists, creates (from a subscriber's device number), reads and deletes O2G users, and
  is told of creations and deletions; users have no access (o2g-rest-api-reference.txt L1693-2073,
  events L1566-1599). Since 2.7.3. A deleted user is created again when the scenario ends.

  @op:usermanagement.users.list @admin
  Scenario: An administrator lists the O2G users
    Given the administrator has an open session
    When the administrator lists the O2G users
    Then the answer is 200 with a LoginsResponse body
    And the logins include the logins of users A, B and C

  @op:usermanagement.users.list @admin
  Scenario: An administrator finds the O2G user of a phone number
    When the administrator lists the O2G users by the phone number of user B
    Then the answer is 200 with a LoginsResponse body
    And the logins are exactly the login of user B

  @op:usermanagement.users.list @admin
  Scenario: A secondary device finds the O2G user that owns it
    # "the device number may its main device or one of its secondary devices" (L1738, L1772-1777)
    When the administrator lists the O2G users by the secondary device of user A
    Then the answer is 200 with a LoginsResponse body
    And the logins are exactly the login of user A

  @op:usermanagement.users.list @admin
  Scenario: An administrator lists the O2G users of one node
    When the administrator lists the O2G users on the node of user A
    Then the answer is 200 with a LoginsResponse body
    And the logins include the login of user A

  @op:usermanagement.users.list @admin @negative
  Scenario Outline: A list request with a malformed criterion is a bad parameter
    When the administrator lists the O2G users with the query "<query>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: nodeIds and deviceNumber (L1734-1738)
      | query         |
      | nodeIds=seven |
      | deviceNumber= |

  @op:usermanagement.users.create @admin @destructive @event:OnUserCreated
  Scenario: An administrator creates the O2G user of a subscriber from its phone number
    Given the O2G user of user C has been deleted
    And the administrator listens to "userManagement" events
    When the administrator creates the O2G user of user C from its phone number
    Then the answer is 200 with a Users body
    And the created users are exactly user C
    And the administrator receives "OnUserCreated" about user C
    And the O2G users include user C

  @op:usermanagement.users.create @admin @destructive
  Scenario: A multi-device user is created from one of its secondary devices
    # "the user may be created with its main number or with any of its secondary device" (L1779)
    Given the O2G user of user A has been deleted
    When the administrator creates the O2G user of user A from its secondary device
    Then the answer is 200 with a Users body
    And the created users are exactly user A
    And the created user carries the devices of user A

  @op:usermanagement.users.create @op:authentication.authenticate.get @admin @destructive
  Scenario: A user created again authenticates
    Given the O2G user of user C has been deleted
    And the administrator has created the O2G user of user C again
    When user C authenticates with the right password
    Then the answer is 200 with an AuthenticationResponse body

  @op:usermanagement.users.create @admin @negative
  Scenario Outline: A creation that names no subscriber of a node is not found
    When the administrator creates an O2G user <request>
    Then the answer is the error NOT_FOUND with status 404

    Examples: 404 Not Found (L1798)
      | request                                                       |
      | from the phone number of user C on a node that does not exist |
      | from a number that no subscriber of the node of user C has    |

  @op:usermanagement.users.create @admin @negative
  Scenario Outline: A creation request that breaks UserCreateRequest is a bad parameter
    When the administrator creates an O2G user <request>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: nodeId int [1], deviceNumbers required unless all is true (L2026-2034)
      | request                                                       |
      | from the phone number of user C without a node                |
      | from the phone number of user C on a node that is not a number |
      | on the node of user C without device numbers                  |
      | on the node of user C with "all" set to false                 |

  @op:usermanagement.user.get @admin
  Scenario: An administrator reads an O2G user with its devices
    When the administrator gets the O2G user of user B
    Then the answer is 200 with a User body
    And the user is user B
    And the user carries the devices of user B

  @op:usermanagement.user.get @admin @negative
  Scenario: An unknown O2G user is not found
    When the administrator gets an unknown O2G user
    Then the answer is the error NOT_FOUND with status 400

  @op:usermanagement.user.get @admin @destructive @negative
  Scenario: A deleted O2G user is not found
    Given the O2G user of user C has been deleted
    When the administrator gets the O2G user of user C
    Then the answer is the error NOT_FOUND with status 400

  @op:usermanagement.user.delete @admin @destructive @event:OnUserDeleted
  Scenario: An administrator deletes an O2G user
    Given the administrator listens to "userManagement" events
    When the administrator deletes the O2G user of user C
    Then the answer is 204 with no body
    And the administrator receives "OnUserDeleted" about user C
    And the O2G users no longer include user C

  @op:usermanagement.user.delete @admin @destructive @event:OnUserDeleted
  Scenario: Creations and deletions of users are told to administrators only
    # OnUserCreated and OnUserDeleted are sent "only for administrator" (L1567, L1594).
    Given user A listens to "userManagement" events
    And the administrator listens to "userManagement" events
    When the administrator deletes the O2G user of user C
    Then the answer is 204 with no body
    And the administrator receives "OnUserDeleted" about user C
    And user A receives no "OnUserDeleted" about user C

  @op:usermanagement.user.delete @op:authentication.authenticate.get @admin @destructive @negative
  Scenario: A deleted user can no longer authenticate
    Given the O2G user of user C has been deleted
    When user C authenticates with the right password
    Then the answer is the error NOT_ALLOWED with status 401

  @op:usermanagement.user.delete @admin @negative
  Scenario: Deleting an unknown O2G user is not found
    When the administrator deletes an unknown O2G user
    Then the answer is the error NOT_FOUND with status 404

  @op:usermanagement.user.delete @admin @destructive @negative
  Scenario: Deleting an O2G user twice is not found the second time
    Given the O2G user of user C has been deleted
    When the administrator deletes the O2G user of user C
    Then the answer is the error NOT_FOUND with status 404

  @user @negative
  Scenario Outline: A user cannot read user management
    Given user A has an open session
    When user A <request>
    Then the answer is the error NOT_ALLOWED with status 403

    @op.usermanagement.users.list
    Examples: the service "allows an administrator" (L1695)
      | request                     |
      | lists the O2G users         |

    @op.usermanagement.user.get
    Examples: the service "allows an administrator" (L1695)
      | request                     |
      | gets the O2G user of user B |

  @user @destructive @negative
  Scenario Outline: A user cannot create or delete O2G users
    Given user A has an open session
    When user A <request>
    Then the answer is the error NOT_ALLOWED with status 403
    And the O2G users include user C

    @op.usermanagement.users.create
    Examples: the service "allows an administrator" (L1695)
      | request                                              |
      | creates the O2G user of user C from its phone number |

    @op.usermanagement.user.delete
    Examples: the service "allows an administrator" (L1695)
      | request                                              |
      | deletes the O2G user of user C                       |
