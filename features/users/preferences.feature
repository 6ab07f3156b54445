Feature: User information: preferences and supported languages
  A user reads and changes its own preferences (its GUI language, among the supported languages); an
  administrator names the user it acts for. A changed language is restored when the scenario ends
  (o2g-rest-api-reference.txt L1361-1530, L1629-1677; userPreferences error detail L544-557).

  @op:users.preferences.get @op:users.supported_languages.get @user
  Scenario: A user reads its preferences, in one of its supported languages
    Given user A has read its supported languages
    When user A reads its preferences
    Then the answer is 200 with a UserPreferences body
    And the GUI language is one of the supported languages

  @op:users.preferences.get @admin
  Scenario: An administrator reads the preferences of the user it names
    When the administrator reads the preferences of user B
    Then the answer is 200 with a UserPreferences body
    And the preferences are those user B reads

  @op:users.preferences.get @user @negative
  Scenario: A user cannot read the preferences of another user
    # A user changes "its password or some parameter like supported language" (L1130): its own.
    When user A reads the preferences of user B
    Then the answer is the error NOT_ALLOWED with status 403

  @op:users.preferences.get @admin @negative
  Scenario: The preferences of an unknown user are not found
    When the administrator reads the preferences of an unknown user
    Then the answer is the error NOT_FOUND with status 400

  @op:users.preferences.update @user
  Scenario: A user changes its GUI language
    Given user A has an open session
    When user A changes its GUI language to another supported language
    Then the answer is 204 with no body
    And the GUI language of user A is the new one

  @op:users.preferences.update @admin
  Scenario: An administrator changes the GUI language of the user it names
    # loginName "MUST be specified" for an administrator session (L1464-1467).
    When the administrator changes the GUI language of user B to another supported language
    Then the answer is 204 with no body
    And the GUI language of user B is the new one

  @op:users.preferences.update @user @event:OnUserInfoChanged @optional
  Scenario: A user's "user" subscription is told that its GUI language changed
    # The update's own notification (L1496) is in no event package (L2084-2097) and never defined;
    # OnUserInfoChanged "is sent on any change on the user's data" (L1139, L1600): informative.
    Given user A listens to "user" events
    When user A changes its GUI language to another supported language
    Then the answer is 204 with no body
    And user A receives "OnUserInfoChanged" about user A

  @op:users.preferences.update @user
  Scenario: A user is not told of the changes of another user
    Given user B listens to "user" events
    When user A changes its GUI language to another supported language
    Then the answer is 204 with no body
    And user B receives no "OnUserInfoChanged" about user A

  @op:users.preferences.update @user @negative
  Scenario Outline: A GUI language that is not supported is a wrong value
    Given user A has an open session
    When user A changes its GUI language to "<language>"
    Then the answer is the error BAD_PARAMETER with status 400
    And the error's user preferences detail is WRONG_VALUE for GUI_LANGUAGE
    And the preferences of user A are unchanged

    Examples: UserPreferencesErrorInfo (L544-557)
      | language |
      | xx       |
      | klingon  |
      |          |

  @op:users.preferences.update @user @negative
  Scenario Outline: A preferences body without a GUI language to set is a bad parameter
    When user A sends its preferences as <body>
    Then the answer is the error BAD_PARAMETER with status 400
    And the preferences of user A are unchanged

    Examples: UserPreferences (L1672-1677)
      | body               |
      | {}                 |
      | {"guiLanguage": 5} |

  @op:users.preferences.update @user @negative
  Scenario: A user cannot change the preferences of another user
    When user A changes the GUI language of user B to another supported language
    Then the answer is the error NOT_ALLOWED with status 403
    And the preferences of user B are unchanged

  @op:users.supported_languages.get @user
  Scenario: A user reads the GUI languages it may choose
    Given user A has an open session
    When user A reads its supported languages
    Then the answer is 200 with a SupportedLanguages body
    And every supported language is a language code

  @op:users.supported_languages.get @admin
  Scenario: An administrator reads the supported languages of the user it names
    When the administrator reads the supported languages of user B
    Then the answer is 200 with a SupportedLanguages body
    And every supported language is a language code

  @op:users.supported_languages.get @user @negative
  Scenario: A user cannot read the supported languages of another user
    When user A reads the supported languages of user B
    Then the answer is the error NOT_ALLOWED with status 403

  @op:users.supported_languages.get @admin @negative
  Scenario: The supported languages of an unknown user are not found
    When the administrator reads the supported languages of an unknown user
    Then the answer is the error NOT_FOUND with status 400
