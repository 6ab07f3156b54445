Feature: Root descriptor
  The root URL describes the server and the API versions it offers, with absolute URLs that
  clients follow verbatim (o2g-rest-api-reference.txt L39-74; wire-facts start-up 1).

  @op:root.descriptor.get
  Scenario: The root descriptor lists API version 1.0 with absolute URLs
    When the client gets the root descriptor
    Then the answer is 200 with a RoxeRestApiDescriptor body
    And the descriptor offers version "1.0" with status "CURRENT"
    And every URL of the descriptor is absolute and points back at the target

  @negative @section:introduction
  Scenario Outline: Only GET is available on the root URL
    When the client sends <method> to the root descriptor
    Then the answer is 405, with a RestErrorInfo body if it has one

    Examples:
      | method |
      | POST   |
      | PUT    |
      | DELETE |
