Feature: PBX management: creating, changing and deleting instances, and their events
  An administrator creates a Subscriber (the identifier and mandatory attributes in the body, the others
  defaulted), changes attribute values, edits list attributes, runs object actions and deletes instances;
  pbxManagement subscribers are told of Subscriber creations, changes and deletions. Whatever a scenario
  creates is deleted and whatever it changes is set back (o2g-rest-api-reference.txt L10947-11432;
  events L10673-10682, L11634-11660).

  @op:pbx.instances.create @admin @destructive @event:OnPbxObjectInstanceCreated
  Scenario: An administrator creates a Subscriber and subscribers are told
    Given the administrator listens to PBX management events
    When the administrator creates a Subscriber with a free number on the PBX of user A
    Then the answer is 201 with no body
    And the administrator receives "OnPbxObjectInstanceCreated" for the new Subscriber
    When the administrator lists the "Subscriber" objects of the PBX of user A with the filter "Directory_Number==<new>"
    Then the object ids listed are exactly "<new>"

  @op:pbx.instances.create @admin @destructive @negative
  Scenario: A Subscriber that exists already is a conflict
    # 409 is listed without explanation (L11367); an identifier in use is the conflict the emulator reads.
    When the administrator creates a "Subscriber" object on the PBX of user A with:
      | name             | value        |
      | Directory_Number | <number of B> |
      | Annu_Name        | Conformance  |
    Then the answer is the error NOT_EXPECTED with status 409

  @op:pbx.instances.create @admin @destructive @negative
  Scenario Outline: A body that breaks the object model is a bad parameter
    # "Some attributes are mandatory, this information are available in the model object" (L11353).
    When the administrator creates a "Subscriber" object on the PBX of user A with:
      | name        | value   |
      | <attribute> | <value> |
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: no Directory_Number; an attribute Subscriber does not have
      | attribute | value       |
      | Annu_Name | Conformance |
      | Shoe_Size | 42          |

  @op:pbx.instances.create @admin @negative
  Scenario: An object the model does not let create
    When the administrator creates a "System_Parameters" object on the PBX of user A with:
      | name                | value |
      | Installation_Number | 1     |
    Then the answer is the error NOT_SUPPORTED with status 405

  @op:pbx.instances.object.update @admin @destructive @event:OnPbxObjectInstanceModified
  Scenario: An administrator changes an attribute of a Subscriber and subscribers are told
    Given the administrator listens to PBX management events
    When the administrator changes the first name of the Subscriber of user A
    Then the answer is 204 with no body
    And the first name of the Subscriber of user A is the new one
    And the administrator receives "OnPbxObjectInstanceModified" for the Subscriber of user A

  @op:pbx.instances.object.update @admin @destructive
  Scenario: Items are added to and removed from a list attribute
    # action=add / action=delete (examples L11165-11190); the text says "add, remove" (L10951).
    When the administrator adds user B's phone number to the attached devices of the Subscriber of user A
    Then the answer is 204 with no body
    And the attached devices of the Subscriber of user A include user B's phone number
    When the administrator removes user B's phone number from the attached devices of the Subscriber of user A
    Then the answer is 204 with no body
    And the attached devices of the Subscriber of user A exclude user B's phone number

  @op:pbx.instances.object.update @admin @destructive
  Scenario: An object action with an empty body
    # Execute 'ReinitMemory' on a Subscriber (L11004-11010).
    When the administrator runs the action "ReinitMemory" on the Subscriber of user A
    Then the answer is 204 with no body

  @op:pbx.instances.object.update @admin @negative
  Scenario: An action the object does not have is not allowed
    When the administrator runs the action "Explode" on the Subscriber of user A
    Then the answer is the error NOT_SUPPORTED with status 405

  @op:pbx.instances.object.update @admin @destructive @negative
  Scenario: An attribute the object does not have is a bad parameter
    When the administrator changes the attribute "Shoe_Size" of the Subscriber of user A
    Then the answer is the error BAD_PARAMETER with status 400

  @op:pbx.instances.object.update @admin @destructive @negative
  Scenario: A change made by another administrator since the last read is a conflict until read again
    # "If an update on the same object has been performed by other administrator since last operation a
    # conflict error occurs and a GET operation must be done" (L10948-10949).
    Given the administrator has read the Subscriber of user A
    And another administrator has changed the first name of the Subscriber of user A
    When the administrator changes the first name of the Subscriber of user A
    Then the answer is the error NOT_EXPECTED with status 409
    When the administrator reads the Subscriber of user A
    And the administrator changes the first name of the Subscriber of user A
    Then the answer is 204 with no body

  @op:pbx.instances.object.delete @admin @destructive @event:OnPbxObjectInstanceDeleted
  Scenario: An administrator deletes a Subscriber and subscribers are told
    Given the administrator has created a Subscriber with a free number on the PBX of user A
    And the administrator listens to PBX management events
    When the administrator deletes the new Subscriber
    Then the answer is 204 with no body
    And the administrator receives "OnPbxObjectInstanceDeleted" for the new Subscriber
    When the administrator lists the "Subscriber" objects of the PBX of user A with the filter "Directory_Number==<new>"
    Then the object ids listed are exactly ""

  @op:pbx.instances.object.delete @op:pbx.instances.create @admin @destructive
  Scenario: A Subscriber with sub-objects is deleted with FORCED_DELETE
    # DELETE .../Subscriber/4722?force (L11229-11231).
    Given the administrator has created a Subscriber with a free number on the PBX of user A
    And the administrator has created the alias 5 of the new Subscriber
    When the administrator deletes the new Subscriber with force
    Then the answer is 204 with no body

  @op:pbx.instances.object.delete @admin @destructive @negative
  Scenario: FORCED_DELETE only where the model allows it
    # "This action is only allowed on some object" (L11203): Subscriber_Alias lists no FORCED_DELETE.
    Given the administrator has created a Subscriber with a free number on the PBX of user A
    And the administrator has created the alias 5 of the new Subscriber
    When the administrator deletes the alias 5 of the new Subscriber with force
    Then the answer is the error NOT_SUPPORTED with status 405

  @op:pbx.instances.object.delete @admin @negative
  Scenario Outline: Instances that cannot be deleted
    When the administrator deletes "<path>" on the PBX of user A
    Then the answer is the error <type> with status <status>

    Examples:
      | path                | type          | status |
      | Subscriber/99999999 | NOT_FOUND     | 404    |
      | System_Parameters/1 | NOT_SUPPORTED | 405    |
