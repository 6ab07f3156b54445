Feature: User information: password
  A user changes its own password, which is its 4-digit secret code in O2G authentication mode; an
  administrator changes its own O2G password; nobody changes the password of another account. A changed
  password is restored when the scenario ends (o2g-rest-api-reference.txt L1319-1360, L1532-1537).

  @op:users.password.change @user @destructive
  Scenario: A user changes its secret code
    Given user A has an open session
    When user A changes its password to a new secret code
    Then the answer is 204 with no body

  @op:users.password.change @op:authentication.authenticate.get @user @destructive
  Scenario: A user authenticates with its new password, no longer with the former one
    Given user A has changed its password to a new secret code
    When user A authenticates with its new password
    Then the answer is 200 with an AuthenticationResponse body
    When user A authenticates with its former password
    Then the answer is the error NOT_ALLOWED with status 401

  @op:users.password.change @admin @destructive
  Scenario: An administrator changes its own password
    Given the administrator has an open session
    When the administrator changes its password to a new one
    Then the answer is 204 with no body

  @op:users.password.change @op:authentication.authenticate.get @admin @destructive
  Scenario: An administrator authenticates with its new password
    Given the administrator has changed its password to a new one
    When the administrator authenticates with its new password
    Then the answer is 200 with an AuthenticationResponse body

  @op:users.password.change @user @negative
  Scenario: A wrong old password is refused as a bad credential
    Given user A has an open session
    When user A changes its password giving a wrong old password
    Then the answer is the error NOT_ALLOWED with status 403

  @op:users.password.change @user @negative
  Scenario Outline: A secret code is made of 4 digits
    When user A changes its password to "<password>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: "The value is 4 digits" (L1329-1330)
      | password |
      | 12345    |
      | 123      |
      | 12a4     |
      |          |

  @op:users.password.change @user @negative
  Scenario Outline: Both passwords are mandatory
    When user A changes its password <how>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: ChangePasswordRequest, oldPassword [1] and newPassword [1] (L1532-1537)
      | how                      |
      | without the new password |
      | without the old password |
      | with an empty body       |

  @op:users.password.change @user @negative
  Scenario: A user cannot change the password of another user
    Given user A has an open session
    When user A changes the password of user B
    Then the answer is the error NOT_ALLOWED with status 403

  @op:users.password.change @admin @negative
  Scenario: An administrator changes its own password only, not the password of a user
    When the administrator changes the password of user B
    Then the answer is the error NOT_ALLOWED with status 403
