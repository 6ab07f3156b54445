Feature: PBX management: listing and reading object instances
  Instances are listed by object name, optionally filtered (==, ==v*, ==*v, !=, =ge=, =le=, joined by and/or)
  and with selected attributes; one instance is read by its full path (o2g-rest-api-reference.txt
  L10816-10946, L11234-11330; PbxObject, PbxObjectIds L11684-11726).

  @op:pbx.instances.list @admin
  Scenario: An administrator lists the Subscribers of a node
    # The ids are under "objectIds" (L11724); one example answers "instances" (L11285): the table is followed.
    When the administrator lists the "Subscriber" objects of the PBX of user A
    Then the answer is 200 with a PbxObjectIds body
    And the object ids listed include "<number of A>, <number of B>"

  @op:pbx.instances.list @admin
  Scenario: A filter on the beginning of a value
    When the administrator lists the "Subscriber" objects of the PBX of user A with the filter "Directory_Number==<prefix of A>*"
    Then the answer is 200 with a PbxObjectIds body
    And every object id listed begins with "<prefix of A>"
    And the object ids listed include "<number of A>"

  @op:pbx.instances.list @admin
  Scenario: Filters joined by "or"
    # The list of logical operators is empty (L11252); the syntax and the example use "or" and "and" (L11253, L11303).
    When the administrator lists the "Subscriber" objects of the PBX of user A with the filter "Directory_Number==<number of A> or Directory_Number==<number of C>"
    Then the answer is 200 with a PbxObjectIds body
    And the object ids listed are exactly "<number of A>, <number of C>"

  @op:pbx.instances.list @admin
  Scenario: Filters joined by "and", with a negation
    When the administrator lists the "Subscriber" objects of the PBX of user A with the filter "Directory_Number==<prefix of A>* and Directory_Number!=<number of A>"
    Then the answer is 200 with a PbxObjectIds body
    And the object ids listed include "<number of B>"
    And the object ids listed exclude "<number of A>"

  @op:pbx.instances.list @admin
  Scenario: A range filter
    When the administrator lists the "Subscriber" objects of the PBX of user A with the filter "Directory_Number=ge=<number of A> and Directory_Number=le=<number of A>"
    Then the answer is 200 with a PbxObjectIds body
    And the object ids listed are exactly "<number of A>"

  @op:pbx.instances.list @admin
  Scenario: Selected attributes of every instance listed
    When the administrator lists the "Subscriber" objects of the PBX of user A with the filter "Directory_Number==<prefix of A>*" and the attributes "Annu_Name,Annu_First_Name"
    Then the answer is 200 with a PbxObjectIds body
    And the objects listed give "Annu_Name,Annu_First_Name" for every id listed

  @op:pbx.instances.list @admin @negative
  Scenario Outline: A filter the O2G cannot read is a bad parameter
    When the administrator lists the "Subscriber" objects of the PBX of user A with the filter "<filter>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: operators of L11245-11251 only, on attributes of the object
      | filter                |
      | Directory_Number~7    |
      | Shoe_Size==42         |
      | Directory_Number      |

  @op:pbx.instances.list @admin @negative
  Scenario: An object the node does not have is not found
    When the administrator lists the "Flux_Capacitor" objects of the PBX of user A
    Then the answer is the error NOT_FOUND with status 404

  @op:pbx.instances.list @admin
  Scenario: The instances of a sub-object, by the path of its parent
    When the administrator lists the "Subscriber/<number of A>/Subscriber_Alias" objects of the PBX of user A
    Then the answer is 200 with a PbxObjectIds body

  @op:pbx.instances.object.get @admin
  Scenario: An administrator reads a Subscriber by its path
    # Values are lists of strings (PbxAttribute.value [0..*], L11672; examples L10916-10920); the first
    # example writes plain strings (L10857-10880): the table is followed.
    When the administrator reads the Subscriber of user A
    Then the answer is 200 with a PbxObject body
    And the object is the Subscriber of user A

  @op:pbx.instances.object.get @admin
  Scenario: Only the attributes asked for
    When the administrator reads the Subscriber of user A with the attributes "Annu_Name"
    Then the answer is 200 with a PbxObject body
    And the object is the Subscriber of user A with only the attributes "Annu_Name"

  @op:pbx.instances.object.get @admin @negative
  Scenario: An instance that does not exist is not found
    When the administrator reads a Subscriber that does not exist on the PBX of user A
    Then the answer is the error NOT_FOUND with status 404

  @op:pbx.instances.object.get @admin @negative
  Scenario: An attribute the object does not have is a bad parameter
    When the administrator reads the Subscriber of user A with the attributes "Shoe_Size"
    Then the answer is the error BAD_PARAMETER with status 400
