Feature: User information: logins and user accounts
  A user lists its own login and reads user accounts, seeing the devices of its own account only; an
  administrator lists every login, filters them and reads any account with its devices
  (o2g-rest-api-reference.txt L1125-1318, L1639-1671).

  @op:users.logins.list @user
  Scenario: A user lists only its own login
    Given user A has an open session
    When user A lists the logins
    Then the answer is 200 with a LoginsResponse body
    And the logins are exactly the login of user A

  @op:users.logins.list @admin
  Scenario: An administrator lists the logins of every user
    Given the administrator has an open session
    When the administrator lists the logins
    Then the answer is 200 with a LoginsResponse body
    And the logins include the logins of users A, B and C

  @op:users.logins.list @admin
  Scenario: An administrator lists the logins of one node
    When the administrator lists the logins on the node of user A
    Then the answer is 200 with a LoginsResponse body
    And the logins include the login of user A

  @op:users.logins.list @user @negative
  Scenario Outline: The search criteria of the logins are reserved to administrators
    Given user A has an open session
    When user A lists the logins with the <criterion> criterion
    Then the answer is the error NOT_ALLOWED with status 403

    Examples: "this parameter can only be used by an administrator" (L1151-1163)
      | criterion        |
      | nodeIds          |
      | onlyACD          |
      | onlyWithExtLogin |

  @op:users.logins.list @admin @negative
  Scenario: A node list that is not made of node numbers is a bad parameter
    When the administrator lists the logins with the query "nodeIds=seven"
    Then the answer is the error BAD_PARAMETER with status 400

  @op:users.logins.list @negative
  Scenario: Logins are not listed without a valid session
    Given user A has an open session
    And user A has closed its session
    When user A lists the logins
    Then the answer is the error INVALID_SESSION with status 403

  @op:users.users.find_by_company_phone @user
  Scenario: A user finds another user by its company phone, without its devices
    Given user A has an open session
    When user A looks up the company phone of user B
    Then the answer is 200 with a User body
    And the user is user B
    And the user carries no devices

  @op:users.users.find_by_company_phone @user
  Scenario: A user finds its own account by its company phone, with its devices
    When user A looks up the company phone of user A
    Then the answer is 200 with a User body
    And the user is user A
    And the user carries the devices of user A

  @op:users.users.find_by_company_phone @admin
  Scenario: An administrator finds a user by its company phone, with its devices
    When the administrator looks up the company phone of user B
    Then the answer is 200 with a User body
    And the user is user B
    And the user carries the devices of user B

  @op:users.users.find_by_company_phone @user @negative
  Scenario: A company phone that belongs to nobody is not found
    When user A looks up a company phone that belongs to nobody
    Then the answer is the error NOT_FOUND with status 404

  @op:users.users.find_by_company_phone @user @negative
  Scenario Outline: The company phone is the one and only query parameter
    When user A <lookup>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: "only one query parameter can be used at a time. If no query parameter a BAD_REQUEST" (L1228)
      | lookup                                                      |
      | looks up a user without any query parameter                 |
      | looks up the company phone of user B together with its login name |
      | looks up an empty company phone                             |

  @op:users.user.get @user
  Scenario: A user reads its own account with its devices
    Given user A has an open session
    When user A gets its own account
    Then the answer is 200 with a User body
    And the user is user A
    And the user carries the devices of user A

  @op:users.user.get @user
  Scenario: A user reads the account of another user, without its devices
    When user A gets the account of user B
    Then the answer is 200 with a User body
    And the user is user B
    And the user carries no devices

  @op:users.user.get @admin
  Scenario: An administrator reads the account of a user with its devices
    When the administrator gets the account of user C
    Then the answer is 200 with a User body
    And the user is user C
    And the user carries the devices of user C

  @op:users.user.get @user @negative
  Scenario: The account of an unknown user is not found
    When user A gets the account of an unknown user
    Then the answer is the error NOT_FOUND with status 400

  @op:users.user.get @negative
  Scenario: Accounts are not read without a valid session
    Given user A has an open session
    And user A has closed its session
    When user A gets its own account
    Then the answer is the error INVALID_SESSION with status 403
