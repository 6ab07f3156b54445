@op:authentication.authenticate.get
Feature: Authentication
  Basic credentials give a JWT credential, returned in the body and as the AlcUserId cookie,
  and the sessions URL (o2g-rest-api-reference.txt L190-263, L590-665).

  @user
  Scenario: A user authenticates with the login and secret code
    When user A authenticates with the right password
    Then the answer is 200 with an AuthenticationResponse body
    And the AlcUserId cookie carries the credential
    And the sessions URLs are absolute URLs ending in "/api/rest/1.0/sessions"

  @admin
  Scenario: An administrator authenticates
    When the administrator authenticates with the right password
    Then the answer is 200 with an AuthenticationResponse body
    And the AlcUserId cookie carries the credential

  @user @since:2.7.4
  Scenario: The answer names the O2G login of the user
    When user A authenticates with the right password
    Then the answer is 200 with an AuthenticationResponse body
    And the login name is the login of user A

  @negative
  Scenario: A wrong password is refused
    When user A authenticates with a wrong password
    Then the answer is the error NOT_ALLOWED with status 401

  @negative
  Scenario: An unknown login is refused
    When an unknown login authenticates
    Then the answer is the error NOT_ALLOWED with status 401

  @negative
  Scenario: A request without credentials is refused
    When user A authenticates without credentials
    Then the answer is the error NOT_ALLOWED with status 401

  @negative
  Scenario: A malformed Basic header is refused
    When user A authenticates with a malformed Basic header
    Then the answer is the error NOT_ALLOWED with status 401

  @negative
  Scenario: The version parameter is mandatory
    When user A authenticates without the version parameter
    Then the answer is the error BAD_PARAMETER with status 400

  @negative
  Scenario Outline: Only version 1.0 exists
    When user A authenticates with version "<version>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples:
      | version |
      | 2.0     |
      | 0.9     |
      |         |
