Feature: Analytics: incidents, licence and service usage
  An administrator reads the incidents of a PBX and downloads the O2G's licence and service usage, a zip
  archive of one file per month, CSV by default or xls (o2g-rest-api-reference.txt L11895-12060;
  Incidents L12159-12222).

  @op:analytics.incidents.get @admin
  Scenario: An administrator reads the incidents of a PBX
    When the administrator reads the incidents of the PBX of user A
    Then the answer is 200 with an Incidents body
    And the incidents carry the six severity counters

  @op:analytics.incidents.get @admin
  Scenario: Only the last incidents
    When the administrator reads the 2 last incidents of the PBX of user A
    Then the answer is 200 with an Incidents body
    And the incidents carry the six severity counters, at most 2 incidents

  @op:analytics.incidents.get @admin @negative
  Scenario Outline: Incidents asked without a node or with a count that is not a number
    When the administrator reads the incidents with the query "<query>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: nodeId mandatory, last an int (L11906-11907)
      | query                      |
      | last=2                     |
      | nodeId=<node of A>&last=ten |

  @op:analytics.licenses.get @admin
  Scenario: An administrator downloads the licence usage in CSV
    # The content type: application/zip in the example (L12006), application/octet-stream in the table
    # (L11988): either is accepted.
    When the administrator downloads the licence usage
    Then the answer is 200 with a zip archive of csv files

  @op:analytics.licenses.get @admin
  Scenario: An administrator downloads the licence usage in xls
    When the administrator downloads the licence usage in the format "xls"
    Then the answer is 200 with a zip archive of xls files

  @op:analytics.services.get @admin
  Scenario Outline: An administrator downloads the service usage
    When the administrator downloads the service usage <how>
    Then the answer is 200 with a zip archive of <ext> files

    Examples: csv by default, xls on demand (L12039-12049)
      | how                   | ext |
      | in the default format | csv |
      | in the format "xls"   | xls |

  @admin @negative
  Scenario Outline: A format other than xls is a bad parameter
    When the administrator downloads the <kind> usage in the format "pdf"
    Then the answer is the error BAD_PARAMETER with status 400

    @op.analytics.licenses.get
    Examples:
      | kind    |
      | licence |

    @op.analytics.services.get
    Examples:
      | kind    |
      | service |

  @user @negative
  Scenario Outline: Users have no access to the usage analytics
    When user A <request>
    Then the answer is the error NOT_ALLOWED with status 403

    @op.analytics.incidents.get
    Examples:
      | request                                  |
      | reads the incidents of the PBX of user A |

    @op.analytics.licenses.get
    Examples:
      | request                                  |
      | downloads the licence usage              |

    @op.analytics.services.get
    Examples:
      | request                                  |
      | downloads the service usage              |
