Feature: Subscription management
  Subscriptions select event packages or names for logins; refused ones answer 200 REFUSED; events
  flow on the chunk channel at the polling URL (o2g-rest-api-reference.txt L2080-2417; wire-facts).

  @op:subscriptions.subscription.create @user @event:OnChannelInformation
  Scenario: A user subscribes to its telephony events and opens the channel
    Given user A has an open session
    When user A subscribes to "telephony"
    Then the answer is 200 with a Subscription body
    And the subscription is accepted with polling URLs
    When user A opens its event channel
    Then the event channel of user A starts with "Chunk started"

  @op:subscriptions.subscription.create @admin
  Scenario: An administrator subscribes for all users with the wildcard
    Given the administrator has an open session
    When the administrator subscribes with the selectors:
      | ids | names     |
      | *   | telephony |
    Then the answer is 200 with a Subscription body
    And the subscription is accepted with polling URLs

  @op:subscriptions.subscription.create @admin
  Scenario: An administrator subscribes for a list of users and to system events
    Given the administrator has an open session
    When the administrator subscribes with the selectors:
      | ids     | names                         |
      | A, B, C | telephony                     |
      | A       | OnEventSummaryUpdated         |
      | none    | system                        |
    Then the answer is 200 with a Subscription body
    And the subscription is accepted with polling URLs

  @op:subscriptions.subscription.create @negative
  Scenario Outline: Subscriptions that break the selector rules are refused
    Given <actor> has an open session
    When <actor> subscribes with the selectors:
      | ids   | names   |
      | <ids> | <names> |
    Then the subscription is refused with a message

    Examples: reference rules L2100-2109 and L2359-2365
      | actor             | ids  | names                          |
      | user A            | *    | telephony                      |
      | user A            | B    | telephony                      |
      | user A            | none | OnNoSuchEvent                  |
      | user A            | none | OnCallCreated, OnUserInfoChanged |
      | the administrator | none | telephony                      |
      | the administrator | A    | system                         |

  @op:subscriptions.subscription.create @negative
  Scenario: A subscription without names is refused
    Given user A has an open session
    When user A subscribes with the selectors:
      | ids | names |
      | A   |       |
    Then the subscription is refused with a message

  @op:subscriptions.subscription.create @negative
  Scenario Outline: A timeout outside the allowed range is refused
    Given user A has an open session
    When user A subscribes to "telephony" with a timeout of <timeout> minutes
    Then the subscription is refused with a message

    Examples:
      | timeout |
      | 61      |
      | 1       |
      | -5      |

  @op:subscriptions.subscription.create @negative
  Scenario: The version is mandatory
    Given user A has an open session
    When user A subscribes without the version
    Then the answer is the error BAD_PARAMETER with status 400

  @op:subscriptions.subscription.create @negative
  Scenario: A timeout that is not a number is a bad parameter
    Given user A has an open session
    When user A subscribes with a timeout given as text
    Then the answer is the error BAD_PARAMETER with status 400

  @op:subscriptions.subscription.create @needs-control:inject @event:OnUserStateModified
  Scenario: Events between subscription and channel opening are queued and delivered first
    Given user A has an open session
    And user A has subscribed to "telephony"
    And the emulator has published "OnUserStateModified" for user A
    When user A opens its event channel
    Then the event channel of user A starts with "Chunk started"
    And the queued events come first on the channel of user A

  @op:subscriptions.subscription.create @needs-control:inject
  Scenario: A user does not receive the events of another user
    Given user A has an open session
    And user A has subscribed to "telephony"
    And user A has opened its event channel
    When the emulator publishes "OnUserStateModified" for user B
    Then user A receives no "OnUserStateModified"

  @op:subscriptions.subscription.create @needs-control:clock @event:OnChannelInformation
  Scenario: An idle channel receives a keepalive every minute
    Given user A has an open session
    And user A has subscribed to "telephony" with a timeout of 0 minutes
    And user A has opened its event channel
    When 59 virtual seconds pass
    Then user A receives no channel keepalive
    When 1 virtual seconds pass
    Then user A receives the channel keepalive
    When 60 virtual seconds pass
    Then user A receives the channel keepalive
    And the event channel of user A stays open

  @op:subscriptions.subscription.create @needs-control:clock
  Scenario: The server closes an inactive channel and removes the subscription a minute later
    Given user A has an open session
    And user A has subscribed to "telephony" with a timeout of 2 minutes
    And user A has opened its event channel
    When 2 virtual minutes pass
    Then user A receives the channel keepalive
    And the server closes the event channel of user A
    When 1 virtual minutes pass
    Then the subscription of user A no longer exists

  @op:subscriptions.subscription.update
  Scenario: A user changes the filter of its subscription
    Given user A has an open session
    And user A has subscribed to "telephony"
    When user A updates its subscription to "eventSummary"
    Then the answer is 204 with no body

  @op:subscriptions.subscription.update @needs-control:inject @event:OnEventSummaryUpdated
  Scenario: After an update the channel carries the newly selected events only
    Given user A has an open session
    And user A has subscribed to "telephony"
    And user A has opened its event channel
    When user A updates its subscription to "eventSummary"
    And the emulator publishes "OnUserStateModified" for user A
    And the emulator publishes "OnEventSummaryUpdated" for user A
    Then user A receives "OnEventSummaryUpdated" for user A
    And user A receives no "OnUserStateModified"

  @op:subscriptions.subscription.update @negative
  Scenario: An update with an unknown event name is a bad parameter
    Given user A has an open session
    And user A has subscribed to "telephony"
    When user A updates its subscription to "OnNoSuchEvent"
    Then the answer is the error BAD_PARAMETER with status 400

  @op:subscriptions.subscription.delete
  Scenario: Deleting a subscription ends its channel
    Given user A has an open session
    And user A has subscribed to "telephony"
    And user A has opened its event channel
    When user A deletes its subscription
    Then the answer is 204 with no body
    And the server closes the event channel of user A

  @op:subscriptions.subscription.delete @negative
  Scenario: Deleting an unknown subscription is refused
    Given user A has an open session
    When user A deletes an unknown subscription
    Then the answer is the error NOT_FOUND with status 400

  @op:subscriptions.subscription.delete @negative
  Scenario: A user cannot delete the subscription of another user
    Given user A has an open session
    And user B has an open session
    And user B has subscribed to "telephony"
    When user A deletes the subscription of user B
    Then the answer is the error NOT_ALLOWED with status 403
