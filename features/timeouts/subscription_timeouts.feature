Feature: Subscription timeouts on the virtual clock
  The subscription timeout is 10 minutes when not given, 0 for none, else a number of minutes; an idle
  chunk channel is closed by the server when it runs out, and the subscription is removed one minute after
  its channel closed (o2g-rest-api-reference.txt L2113-2146). Reading chosen for the range: 2..60 minutes
  (table, L2395) rather than 10..60 (overview, L2116, L2140): the wider range, as the emulator accepts.
  Session timeouts are in features/sessions, the keepalive event and the 2-minute timeout in
  features/subscriptions.

  @op:subscriptions.subscription.create @needs-control:clock
  Scenario: Without a timeout the server sets 10 minutes
    Given user A has an open session
    And user A has subscribed to "telephony"
    And user A has opened its event channel
    When 9 virtual minutes pass
    Then user A receives the channel keepalive
    And the event channel of user A stays open
    When 1 virtual minutes pass
    Then the server closes the event channel of user A
    When 1 virtual minutes pass
    Then the subscription of user A no longer exists

  @op:subscriptions.subscription.create
  Scenario Outline: A timeout of <timeout> minutes is accepted
    Given user A has an open session
    When user A subscribes to "telephony" with a timeout of <timeout> minutes
    Then the answer is 200 with a Subscription body
    And the subscription is accepted with polling URLs

    Examples: 0 (no timeout), the bounds of the table's range (L2395) and the overview's minimum (L2116)
      | timeout |
      | 0       |
      | 2       |
      | 10      |
      | 60      |

  @op:subscriptions.subscription.create @needs-control:clock @needs-control:inject @event:OnUserStateModified
  Scenario: Activity on the channel restarts its timeout
    Given user A has an open session
    And user A has subscribed to "telephony" with a timeout of 2 minutes
    And user A has opened its event channel
    When 90 virtual seconds pass
    And the emulator publishes "OnUserStateModified" for user A
    Then user A receives "OnUserStateModified" for user A
    When 90 virtual seconds pass
    Then the event channel of user A stays open
    When 30 virtual seconds pass
    Then the server closes the event channel of user A

  @op:subscriptions.subscription.create @op:sessions.keepalive.post @needs-control:clock
  Scenario: Without timeout the channel lives as long as the session, past an hour
    # "the lifetime of the channel ... depends on the lifetime of the user's session" (L2396-2397)
    Given user A has an open session
    And user A has subscribed to "telephony" with a timeout of 0 minutes
    And user A has opened its event channel
    When 25 virtual minutes pass
    And user A sends a keepalive
    And 25 virtual minutes pass
    And user A sends a keepalive
    And 25 virtual minutes pass
    Then the event channel of user A stays open
    And user A receives the channel keepalive
    When 31 virtual minutes pass
    Then the server closes the event channel of user A

  @op:subscriptions.subscription.create @needs-control:fault @needs-control:clock
  Scenario: A dropped channel reopened within a minute keeps its subscription
    Given user A has an open session
    And user A has subscribed to "telephony" with a timeout of 0 minutes
    And user A has opened its event channel
    When the emulator drops the event channel of user A
    Then the server closes the event channel of user A
    When 59 virtual seconds pass
    And user A opens its event channel
    And 5 virtual minutes pass
    Then the event channel of user A carries events again

  @op:subscriptions.subscription.create @needs-control:fault @needs-control:clock
  Scenario: A dropped channel not reopened ends its subscription a minute later
    # "the subscription will be closed after the socket has been detected as closed for one minute" (L2145)
    Given user A has an open session
    And user A has subscribed to "telephony" with a timeout of 0 minutes
    And user A has opened its event channel
    When the emulator drops the event channel of user A
    Then the server closes the event channel of user A
    When 1 virtual minutes pass
    Then the subscription of user A no longer exists
