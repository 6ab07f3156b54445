Feature: PBX management: nodes, the root object and the object model
  An administrator (the service "mainly" serves administrators, L10659, but is not reserved to them) lists
  the OXE nodes, reads one, its root object and its object model (o2g-rest-api-reference.txt L10657-10815,
  L11440-11560; Pbxs, Pbx, ObjectModel, AttributeModel L11568-11732).

  @op:pbx.pbxs.list @admin
  Scenario: An administrator lists the PBXs this O2G manages
    When the administrator lists the PBXs
    Then the answer is 200 with a Pbxs body
    And the PBXs include the node of user A

  @op:pbx.pbxs.list @user
  Scenario: A user session lists the PBXs too, without licence
    # "No license required (free)" (L10687-10688); nothing reserves the service to administrators.
    When user A lists the PBXs
    Then the answer is 200 with a Pbxs body
    And the PBXs include the node of user A

  @op:pbx.pbxs.list @negative
  Scenario: The PBX list needs a session
    When a client without session calls "pbx.pbxs.list"
    Then the answer is the error INVALID_SESSION with status 403

  @op:pbx.pbxs.get @admin
  Scenario: An administrator reads a PBX
    When the administrator reads the PBX of user A
    Then the answer is 200 with a Pbx body
    And the PBX is the node of user A

  @op:pbx.pbxs.get @admin @negative
  Scenario: A PBX that does not exist is not found
    # No 404 in the response table of /pbxs/{nodeId} (L10731-10740): answered 400.
    When the administrator reads a PBX that does not exist
    Then the answer is the error NOT_FOUND with status 400

  @op:pbx.instances.root.get @admin
  Scenario: An administrator reads the root object of a node
    When the administrator reads the root object of the PBX of user A
    Then the answer is 200 with a PbxObject body
    And the root object is the node with "Subscriber" among its sub-objects

  @op:pbx.instances.root.get @admin @negative
  Scenario: The root object of a PBX that does not exist is not found
    When the administrator reads the root object of a PBX that does not exist
    Then the answer is the error NOT_FOUND with status 400

  @op:pbx.model.get @admin
  Scenario: An administrator reads the object model of a node
    When the administrator reads the object model of the PBX of user A
    Then the answer is 200 with an ObjectModel body
    And the model describes the object "Subscriber"

  @op:pbx.model.get @admin @negative
  Scenario: The model of a PBX that does not exist is not found
    When the administrator reads the object model of a PBX that does not exist
    Then the answer is the error NOT_FOUND with status 404

  @op:pbx.model.object.get @admin
  Scenario: An administrator reads the model of one object
    # AttributeModel.mandatory (L11571); the example writes "optional: false" (L11547): the table is followed.
    When the administrator reads the model of "Subscriber" on the PBX of user A
    Then the answer is 200 with an ObjectModel body
    And the model is that of "Subscriber" with its Directory_Number attribute mandatory

  @op:pbx.model.object.get @admin @negative
  Scenario: The model of an object the PBX does not have is not found
    # No 404 in the response table of /model/{objectName} (L11527-11533): answered 400.
    When the administrator reads the model of "Flux_Capacitor" on the PBX of user A
    Then the answer is the error NOT_FOUND with status 400
