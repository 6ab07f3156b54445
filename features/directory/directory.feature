@licence:ROXE_API_TEL_ADVANCED
Feature: Directory search
  A search of the call server's phone book is started (201), its results are read by polling (NOK while
  the search runs, OK with results, then FINISH or TIMEOUT) and it is stopped; a search by DTMF takes the
  digits typed on a keypad. A session runs at most 5 concurrent searches and an unused search is freed
  after a minute (o2g-rest-api-reference.txt L6496-6837).

  @op:directory.search.create @op:directory.search.get @user
  Scenario: A user finds another user by the beginning of its last name
    Given user A has an open session
    When user A starts a directory search on the last name of user B with BEGIN_WITH
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then every answer is 200 with a SearchResult body
    And the result codes follow the search lifecycle ending with FINISH
    And the results include user B
    And every result satisfies the search criterion

  @op:directory.search.create @op:directory.search.get @user
  Scenario Outline: Every attribute and comparison of a criterion finds the user
    When user A starts a directory search on the <attribute> of user B with <comparison>
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then every answer is 200 with a SearchResult body
    And the result codes follow the search lifecycle ending with FINISH
    And the results include user B
    And every result satisfies the search criterion

    Examples: Attribute and Operation (L6704-6754)
      | attribute    | comparison        |
      | last name    | EQUAL_IGNORE_CASE |
      | last name    | CONTAIN           |
      | last name    | END_WITH          |
      | first name   | BEGIN_WITH        |
      | first name   | EQUAL_IGNORE_CASE |
      | login name   | EQUAL_IGNORE_CASE |
      | phone number | EQUAL_IGNORE_CASE |

  @op:directory.search.create @op:directory.search.get @user
  Scenario: Criteria joined by AND must all match
    When user A starts a directory search on the first name and the last name of user B
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then the result codes follow the search lifecycle ending with FINISH
    And the results include user B
    And every result satisfies the search criterion

  @op:directory.search.create @op:directory.search.get @user
  Scenario: Criteria joined by OR find the entries of either
    When user A starts a directory search on the last name of user B or of user C
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then the result codes follow the search lifecycle ending with FINISH
    And the results include users B and C
    And every result satisfies the search criterion

  @op:directory.search.create @op:directory.search.get @user
  Scenario: The limit caps the number of results
    # SearchRequest.limit: "Maximum number of results" (L6806-6807)
    When user A starts a directory search on the last name of user B or of user C limited to 1 result
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then the result codes follow the search lifecycle ending with FINISH
    And the search found 1 contact
    And every result satisfies the search criterion

  @op:directory.search.create @op:directory.search.get @user
  Scenario: A search without match finishes without results
    When user A starts a directory search on a last name nobody has
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then every answer is 200 with a SearchResult body
    And the result codes follow the search lifecycle ending with FINISH
    And the search found no contact

  @op:directory.search.create @user @negative
  Scenario Outline: A search request that breaks SearchRequest is a bad parameter
    When user A starts a directory search with the body <body>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: SearchRequest and Criterion (L6716-6754, L6803-6816)
      | body                                                                                     |
      | {"limit": 5}                                                                             |
      | {"filter": {"field": "lastName", "operation": "BEGIN_WITH", "operand": "L"}, "limit": 0}   |
      | {"filter": {"field": "lastName", "operation": "BEGIN_WITH", "operand": "L"}, "limit": 101} |
      | {"filter": {"field": "nickName", "operation": "BEGIN_WITH", "operand": "L"}}              |
      | {"filter": {"field": "lastName", "operation": "LIKE", "operand": "L"}}                    |
      | {"filter": {"operation": "AND", "operand": "L"}}                                         |

  @op:directory.search.create @op:directory.search.get @admin
  Scenario: An administrator searches on behalf of the user it names
    # loginName "MUST be specified" when the session is an administrator's (L6521-6524)
    When the administrator starts a directory search on the last name of user C with EQUAL_IGNORE_CASE for user B
    Then the answer is 201 and locates the search results
    When the administrator reads the search results of user B until the search ends
    Then every answer is 200 with a SearchResult body
    And the result codes follow the search lifecycle ending with FINISH
    And the results include user C
    And every result satisfies the search criterion

  @op:directory.search.create @admin @negative
  Scenario: An administrator cannot search on behalf of an unknown user
    When the administrator starts a directory search on the last name of user C for an unknown user
    Then the answer is the error NOT_FOUND with status 400

  @op:directory.search.get @user @negative
  Scenario: There are no results to read without a search
    # Reading: GET names no search (L6554); without a current one, NOT_FOUND (error not documented).
    Given user A has an open session
    When user A reads the search results
    Then the answer is the error NOT_FOUND with status 400

  @op:directory.search.delete @op:directory.search.get @user
  Scenario: A user stops its search
    Given user A has started a directory search on the last name of user B with BEGIN_WITH
    When user A stops its directory search
    Then the answer is 204 with no body
    When user A reads the search results
    Then the answer is the error NOT_FOUND with status 400

  @op:directory.search.delete @user @negative
  Scenario: There is no search to stop without a search
    Given user A has an open session
    When user A stops its directory search
    Then the answer is the error NOT_FOUND with status 400

  @op:directory.search.create @user @negative
  Scenario: A session runs at most 5 concurrent searches, another session is not hindered
    # "For each session (user or administrator), only 5 concurrent searches are authorized" (L6513);
    # reading: the error is not documented, the session's state refuses it: NOT_EXPECTED.
    Given user A has started 5 directory searches
    When user A starts a directory search on the last name of user B with BEGIN_WITH
    Then the answer is the error NOT_EXPECTED with status 400
    When user B starts a directory search on the last name of user A with BEGIN_WITH
    Then the answer is 201 and locates the search results

  @op:directory.search.create @op:directory.search.delete @user
  Scenario: A stopped search frees its place
    Given user A has started 5 directory searches
    And user A has stopped its directory search
    When user A starts a directory search on the last name of user B with BEGIN_WITH
    Then the answer is 201 and locates the search results

  @op:directory.search.create @op:directory.search.get @user @needs-control:clock @negative
  Scenario: An unused search is freed after a minute
    # "An unused search context is freed after 1 minute" (L6514)
    Given user A has started a directory search on the last name of user B with BEGIN_WITH
    When 61 virtual seconds pass
    And user A reads the search results
    Then the answer is the error NOT_FOUND with status 400

  @op:directory.search.create @op:directory.search.get @user @needs-control:clock
  Scenario: A search in use outlives the minute
    Given user A has started a directory search on the last name of user B with BEGIN_WITH
    When 50 virtual seconds pass
    And user A reads the search results
    Then the answer is 200 with a SearchResult body
    When 50 virtual seconds pass
    And user A reads the search results
    Then the answer is 200 with a SearchResult body

  @op:directory.search.create @user @needs-control:clock
  Scenario: Searches freed after a minute give their places back
    Given user A has started 5 directory searches
    When 61 virtual seconds pass
    And user A starts a directory search on the last name of user B with BEGIN_WITH
    Then the answer is 201 and locates the search results

  @op:directory.search.create @op:directory.search.get @user @needs-control:clock
  Scenario: A search whose results are not read in time ends with TIMEOUT
    # TIMEOUT: "Search is ended for timeout reason" (L6769-6770)
    Given user A has started a directory search on the last name of user B with BEGIN_WITH
    When 40 virtual seconds pass
    And user A reads the search results until the search ends
    Then every answer is 200 with a SearchResult body
    And the result codes follow the search lifecycle ending with TIMEOUT
    And the search found no contact

  @op:directory.searchbydtmf.create @op:directory.search.get @user
  Scenario Outline: A user finds another user by the keys of its last name
    # The reference example: ITU "5" finds the last names beginning with L (L6694-6700)
    When user A starts a DTMF search on the ITU keypad for the first <letters> letters of the last name of user B
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then every answer is 200 with a SearchResult body
    And the result codes follow the search lifecycle ending with FINISH
    And the results include user B
    And every result's names are typed with those keys

    Examples:
      | letters |
      | 1       |
      | 3       |

  @op:directory.searchbydtmf.create @op:directory.search.get @user
  Scenario: The keys of the first name narrow a DTMF search
    When user A starts a DTMF search on the ITU keypad for the first 2 letters of the last name and the first 1 letter of the first name of user B
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then the result codes follow the search lifecycle ending with FINISH
    And the results include user B
    And every result's names are typed with those keys

  @op:directory.searchbydtmf.create @op:directory.search.get @user
  Scenario: A DTMF search with the first name of somebody else does not find the user
    When user A starts a DTMF search on the ITU keypad for the last name of user B and the first name of user C
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then the result codes follow the search lifecycle ending with FINISH
    And the results do not include user B
    And every result's names are typed with those keys

  @op:directory.searchbydtmf.create @op:directory.search.get @user
  Scenario: A DTMF search takes the CCITT keypad too
    # KeyboardType lists CCITT and ITU (L6746, L6799); its layouts are not given: no check of the keys.
    When user A starts a DTMF search on the CCITT keypad for the first 1 letter of the last name of user B
    Then the answer is 201 and locates the search results
    When user A reads the search results until the search ends
    Then the result codes follow the search lifecycle ending with FINISH
    And the results include user B

  @op:directory.searchbydtmf.create @user @negative
  Scenario Outline: A DTMF search request that breaks SearchByDtmfRequest is a bad parameter
    When user A starts a DTMF search with the body <body>
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: SearchByDtmfRequest (L6788-6801)
      | body                                                  |
      | {"lastName": "5"}                                     |
      | {"keyboardType": "AZERTY", "lastName": "5"}           |
      | {"keyboardType": "ITU"}                               |
      | {"keyboardType": "ITU", "lastName": "L"}              |
      | {"keyboardType": "ITU", "lastName": "5", "limit": 0}   |
      | {"keyboardType": "ITU", "lastName": "5", "limit": 101} |
