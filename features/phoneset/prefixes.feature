Feature: Phone Set Programming: PBX prefixes
  A user reads the number of a PBX prefix by its type and value, both mandatory and case sensitive
  (o2g-rest-api-reference.txt L10425-10530; Prefix L10613-10617).

  @op:phoneset.prefixes.get @user
  Scenario Outline: A user reads a prefix of the documented subset
    When user A reads its prefix "<type>" "<value>"
    Then the answer is 200 with a Prefix body
    And the prefix is "<value>" with its number

    Examples: the table of L10442-10501
      | type                  | value                          |
      | Station_Facility_Type | Overflow_on_busy_on_associated |
      | Station_Facility_Type | Do_not_disturb                 |
      | General_Facility_Type | Group_call_pick_up             |
      | Local_Facility_Type   | Voice_Mail_Deposit             |

  @op:phoneset.prefixes.get @admin
  Scenario: An administrator reads a prefix for the user it names
    When the administrator reads user B's prefix "Station_Facility_Type" "Lock"
    Then the answer is 200 with a Prefix body
    And the prefix is "Lock" with its number

  @op:phoneset.prefixes.get @user @negative
  Scenario: Type and value are both mandatory
    When user A reads its prefix "Station_Facility_Type" without a value
    Then the answer is the error BAD_PARAMETER with status 400

  @op:phoneset.prefixes.get @user @negative
  Scenario Outline: Type and value are case sensitive
    # "Caution!: type and value are case sensitive strings" (L10439).
    When user A reads its prefix "<type>" "<value>"
    Then the answer is the error NOT_FOUND with status 404

    Examples:
      | type                  | value          |
      | Station_Facility_Type | do_not_disturb |
      | station_facility_type | Do_not_disturb |

  @op:phoneset.prefixes.get @user @negative
  Scenario: A user cannot read the prefixes of another user
    When user A reads user B's prefix "Station_Facility_Type" "Lock"
    Then the answer is the error NOT_ALLOWED with status 403
